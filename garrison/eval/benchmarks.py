"""What the scorers and the scripts in bench/ share: the installed stage functions, corpus texts, peak memory."""

from __future__ import annotations

import argparse
import importlib
import resource
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from garrison.eval.gold import read_records
from garrison.model import Analysis

StageFn = Callable[[list[Analysis]], list[Analysis]]

ARTICLE_SUFFIXES = (".txt", ".md")


def stage_functions(names: Iterable[str]) -> list[tuple[str, StageFn]]:
    """(name, run) of each named stage this installation has, in the order given."""
    found = []
    for name in names:
        try:
            module = importlib.import_module(f"garrison.{name}.stage")
        except ImportError:
            continue
        if hasattr(module, "run"):
            found.append((name, module.run))
    return found


def read_texts(paths: Sequence[Path]) -> list[str]:
    """The texts of a corpus: the ``text`` field of each line of a JSONL file, a text file whole, and in a
    directory every article file (``.txt``, ``.md``) below it, in name order; blank texts left out."""
    texts: list[str] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
            texts.extend(f.read_text(encoding="utf-8", errors="replace") for f in files)
        elif path.suffix == ".jsonl":
            texts.extend(read_records(path, lambda row, where: row["text"], ("text",)))
        else:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return [t for t in texts if t.strip()]


def peak_rss_mib(children: bool = False) -> float:
    """The largest resident set this process reached (with ``children``: or any child it waited for), in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if children:
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return peak / 1024  # ru_maxrss is in KiB on Linux


def corpus_parser(description: str, unit: str = "documents") -> argparse.ArgumentParser:
    """The arguments every corpus benchmark takes: the corpus paths, ``--docs N`` and ``--repeat R``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("corpus", nargs="*", type=Path)
    parser.add_argument("--docs", type=int, default=0, help=f"use only the first N {unit}")
    parser.add_argument("--repeat", type=int, default=2, help="timed rounds of each; the best is kept")
    return parser
