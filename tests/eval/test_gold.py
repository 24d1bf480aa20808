"""The one gold reader: records, required fields, bad lines named by file and line, errors collected or raised."""

from __future__ import annotations

import pytest

from garrison.eval.gold import GoldError, line_number, read_records


def write(path, *lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rows_are_read_and_converted_with_their_location(tmp_path):
    gold = write(tmp_path / "g.jsonl", '{"text": "a"}', "", '{"text": "b"}')
    assert read_records(gold) == [{"text": "a"}, {"text": "b"}]
    assert read_records(gold, lambda row, where: (row["text"], line_number(where))) == [("a", 1), ("b", 3)]


@pytest.mark.parametrize("line, message", [
    ("{not json", "not JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"id": 1}', "missing field 'text'"),
    ('{"text": ""}', "missing field 'text'"),
    ('{"text": null}', "missing field 'text'"),
])
def test_a_bad_line_names_file_and_line(tmp_path, line, message):
    gold = write(tmp_path / "g.jsonl", '{"text": "fine"}', line)
    with pytest.raises(GoldError) as caught:
        read_records(gold, required=("text",))
    assert str(caught.value).startswith(f"{gold}:2: ") and message in str(caught.value)


def test_with_an_error_list_bad_lines_are_recorded_and_reading_goes_on(tmp_path):
    gold = write(tmp_path / "g.jsonl", '{"text": "a"}', "{oops", '{"text": "c"}', '{"text": "d"}')
    errors: list[str] = []
    assert read_records(gold, errors=errors, limit=2) == [{"text": "a"}, {"text": "c"}]
    assert len(errors) == 1 and errors[0].startswith(f"{gold}:2: not JSON")


def test_a_converter_rejects_what_it_cannot_use(tmp_path):
    def positive(row, where):
        if row["n"] <= 0:
            raise GoldError(f"{where}: field 'n' must be positive")
        return row["n"]

    gold = write(tmp_path / "g.jsonl", '{"n": 3}', '{"n": -1}')
    errors: list[str] = []
    assert read_records(gold, positive, ("n",), errors=errors) == [3]
    assert errors == [f"{gold}:2: field 'n' must be positive"]


def test_a_missing_file_is_a_gold_error(tmp_path):
    with pytest.raises(GoldError, match="cannot open"):
        read_records(tmp_path / "absent.jsonl")
