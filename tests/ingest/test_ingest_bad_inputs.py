"""Bad inputs become Rejects naming the file, line or URL; the run goes on with the rest."""

from __future__ import annotations

import json
import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import FIXTURES, collect

from garrison.ingest import REJECT_REASONS, Reject, iter_inputs
from garrison.model import Document

STORY = (
    "Malian soldiers and Russian paramilitaries withdrew from a desert outpost near Tinzaouaten after two days "
    "of fighting with separatist rebels, residents said on Sunday."
)


def test_reject_reasons_are_a_fixed_set():
    assert Reject("x", "empty", "nothing").reason == "empty"
    try:
        Reject("x", "oops", "not a reason")
    except ValueError as error:
        assert "oops" in str(error)
    else:
        raise AssertionError("an unknown reason was accepted")
    assert {"too-large", "redirect-loop", "feed-entry"} <= REJECT_REASONS


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text("  \n\n\t ")
    (tmp_path / "c.txt").write_text("Share this article\nSubscribe to our newsletter\n")  # furniture only
    (tmp_path / "d.txt").write_text(STORY)
    docs, rejects = collect(str(tmp_path))
    assert [(r.source.rsplit("/", 1)[1], r.reason) for r in rejects] == [("a.txt", "empty"), ("b.txt", "empty"),
                                                                        ("c.txt", "empty")]
    assert [d.text for d in docs] == [STORY]
    assert all("\n" not in str(r) for r in rejects)


def test_binary_files_are_rejected(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"Some text\x00\x01\x02 and more")
    (tmp_path / "scan.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary")
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 50)
    docs, rejects = collect(str(tmp_path))
    assert docs == []
    assert {r.source.rsplit("/", 1)[1]: r.reason for r in rejects} == {
        "nul.txt": "binary", "scan.html": "binary", "noise.txt": "binary"}
    assert "PDF" in next(r.detail for r in rejects if r.source.endswith("scan.html"))


def test_cp1252_text_is_decoded_not_rejected(tmp_path):
    text = ("Le ministère de la Défense a confirmé l’arrivée de véhicules blindés à Bamako, où des « instructeurs » "
            "russes sont présents depuis décembre. Les convois ont traversé la ville à l’aube.")
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    (doc,), rejects = collect(str(tmp_path / "legacy.txt"))
    assert rejects == []
    assert "ministère de la Défense" in doc.text and "« instructeurs »" in doc.text
    assert doc.meta["encoding"] in {"cp1252", "windows-1252", "latin_1", "iso8859_15", "cp1250"}
    assert doc.language == "fr"


def test_truncated_html_still_gives_its_text(tmp_path):
    page = (FIXTURES / "page.html").read_text()
    cut = page[: page.index("Flight-tracking enthusiasts") + 60]
    (tmp_path / "cut.html").write_text(cut)
    (doc,), rejects = collect(str(tmp_path / "cut.html"))
    assert rejects == []
    assert "Long-range air defence batteries" in doc.text


def test_tiny_html_falls_back_to_all_text(tmp_path):
    (tmp_path / "tiny.html").write_text("<html><body><div>Convoy seen near Sabha.</div></body></html>")
    (doc,), _ = collect(str(tmp_path / "tiny.html"))
    assert doc.text == "Convoy seen near Sabha."


def test_invalid_json_lines_name_their_line_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": STORY}),
        '{"text": "unterminated',
        "",
        json.dumps({"title": "no text here"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": 42}),
        json.dumps({"content": STORY + " Again."}),
    ]) + "\n")
    docs, rejects = collect(str(path))
    assert [d.source_path for d in docs] == [f"{path}:1", f"{path}:7"]
    assert [(r.source, r.reason) for r in rejects] == [
        (f"{path}:2", "invalid-json"), (f"{path}:4", "missing-field"), (f"{path}:5", "invalid-json"),
        (f"{path}:6", "missing-field")]
    assert "line 2" in rejects[0].detail and "text|content|body" in rejects[1].detail


def test_invalid_json_file(tmp_path):
    (tmp_path / "bad.json").write_text('{"text": "a", }')
    _, (reject,) = collect(str(tmp_path / "bad.json"))
    assert reject.reason == "invalid-json" and "line 1" in reject.detail


def test_unsupported_and_missing_files(tmp_path):
    (tmp_path / "sheet.csv").write_text("a,b\n1,2\n")
    _, (reject,) = collect(str(tmp_path / "sheet.csv"))
    assert reject.reason == "unsupported-type" and ".csv" in reject.detail
    _, (reject,) = collect(str(tmp_path / "absent.txt"))
    assert (reject.source, reject.reason) == (str(tmp_path / "absent.txt"), "unreachable")


def test_feed_with_broken_entries(tmp_path):
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
    <item><title>Only a title</title></item>
    <item><title>Good</title><description>{story}</description></item>
    <item><description></description></item>
    </channel></rss>""".format(story=STORY)
    (tmp_path / "feed.rss").write_text(feed)
    docs, rejects = collect(str(tmp_path / "feed.rss"))
    assert [d.title for d in docs] == ["Good"]
    assert [(r.source.rsplit("/", 1)[1], r.reason) for r in rejects] == [("feed.rss#1", "feed-entry"),
                                                                        ("feed.rss#3", "feed-entry")]
    assert "Only a title" in rejects[0].detail


def test_unparseable_feed(tmp_path):
    (tmp_path / "broken.xml").write_text("<rss><channel><item><title>x</title")
    _, (reject,) = collect(str(tmp_path / "broken.xml"))
    assert reject.reason in {"parse-error", "feed-entry"}


def test_not_a_warc(tmp_path):
    (tmp_path / "fake.warc").write_text("this is not an archive\n" * 10)
    _, (reject,) = collect(str(tmp_path / "fake.warc"))
    assert reject.reason == "parse-error" and "fake.warc" in reject.source


FIFTY_MB = 50 * 1024 * 1024


def test_fifty_megabyte_text_is_rejected_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(FIFTY_MB)  # sparse: 50 MB of NULs on disk, cheap to make
    (tmp_path / "small.txt").write_text(STORY)
    tracemalloc.start()
    _, (reject,) = collect(str(big))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (reject.source, reject.reason) == (str(big), "too-large")
    assert "52,428,800 bytes" in reject.detail
    assert peak < 5 * 1024 * 1024
    docs, rejects = collect(str(tmp_path))  # and the run goes on past it
    assert [d.text for d in docs] == [STORY] and [r.reason for r in rejects] == ["too-large"]


def test_fifty_megabyte_json_lines_file_is_streamed_in_bounded_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    filler = "x" * (1024 * 1024)
    with path.open("w") as handle:
        handle.write(json.dumps({"text": STORY}) + "\n")
        handle.write(json.dumps({"text": filler * 50}) + "\n")  # one 50 MB record
        handle.write(json.dumps({"text": STORY + " Later."}) + "\n")
    collect(str(FIXTURES / "dateline_report.txt"))  # load the language models before measuring
    tracemalloc.start()
    docs, rejects = collect(str(path), max_bytes=2 * 1024 * 1024)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [d.source_path for d in docs] == [f"{path}:1", f"{path}:3"]
    assert [(r.source, r.reason) for r in rejects] == [(f"{path}:2", "too-large")]
    assert peak < 12 * 1024 * 1024


def test_max_bytes_is_configurable(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    _, (reject,) = collect(str(tmp_path / "a.txt"), max_bytes=50)
    assert reject.reason == "too-large"
    (doc,), _ = collect(str(tmp_path / "a.txt"), max_bytes=len(STORY))
    assert doc.text == STORY


def test_an_empty_target_is_a_reject_not_the_current_directory():
    _, (reject,) = collect("")
    assert reject.reason == "unreachable"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".xml", ".warc", ".md"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in iter_inputs(str(path)):
        assert isinstance(item, (Document, Reject))
        if isinstance(item, Reject):
            assert item.reason in REJECT_REASONS and "\n" not in item.detail
        else:
            assert item.text.strip()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(markup=st.text(alphabet=st.sampled_from(list("<>/=\"' abcdpihtmlbody&;#\n")), max_size=400))
def test_arbitrary_markup_never_raises(tmp_path, markup):
    path = tmp_path / "fuzz.html"
    path.write_text(markup)
    assert all(isinstance(item, (Document, Reject)) for item in iter_inputs(str(path)))
