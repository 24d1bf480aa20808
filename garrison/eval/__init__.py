"""The evaluation wing: everything that measures the product, kept apart from it.

* :mod:`garrison.eval.gold` — the one reader of gold JSONL, and :class:`~garrison.eval.gold.GoldError`;
* :mod:`garrison.eval.metrics` — precision, recall, F1 and shares, for every scorer;
* one scorer per stage: :mod:`~garrison.eval.dates` (``garrison eval time``), :mod:`~garrison.eval.entities`
  (``eval ner``), :mod:`~garrison.eval.places` (``eval geo``), :mod:`~garrison.eval.events` (``eval events``),
  :mod:`~garrison.eval.stance` (``eval stance``), :mod:`~garrison.eval.fusion` (happenings), and
  :mod:`~garrison.eval.ingest` (publication dates, near-duplicates);
* :mod:`garrison.eval.corpus` — the whole chain in a store against a corpus's truth files (``eval corpus``);
* :mod:`garrison.eval.synthetic` — the synthetic corpora of the benchmarks and tests;
* :mod:`garrison.eval.benchmarks` — what the scripts in ``bench/`` share.

The wing imports the stages and the store; no stage imports the wing.
"""
