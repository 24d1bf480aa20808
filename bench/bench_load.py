"""The single reader's cost: store.load_analyses with type hints resolved once per class vs once per record.

    .venv/bin/python bench/bench_load.py --db STORE [--docs 1000]

Before, ``Record.from_dict`` resolved its class's annotations on every call (``typing.get_type_hints``); the
baseline here puts that back for the same documents in the same run.  Use a store from bench/bench_export.py
(``--db``) or any processed store.
"""

from __future__ import annotations

import argparse
import time
import typing

from sqlalchemy import select


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args(argv)

    from garrison import model
    from garrison.store import Store
    from garrison.store import schema as t

    store = Store(f"sqlite:///{args.db}")
    with store.engine.connect() as c:
        ids = [r[0] for r in c.execute(select(t.documents.c.id).order_by(t.documents.c.id).limit(args.docs))]
    cached = model._type_hints
    seconds = {}
    for label, hints in (("per record (before)", typing.get_type_hints), ("once per class", cached)):
        model._type_hints = hints
        started = time.process_time()
        analyses = store.load_analyses(ids)
        seconds[label] = time.process_time() - started
    model._type_hints = cached
    events = sum(len(a.events) for a in analyses)
    print(f"{len(ids)} documents, {events} events loaded: per record {seconds['per record (before)']:.2f} s CPU, "
          f"once per class {seconds['once per class']:.2f} s CPU: "
          f"{seconds['per record (before)'] / seconds['once per class']:.1f} x less")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
