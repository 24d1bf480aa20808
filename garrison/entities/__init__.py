"""Entities: named entities, the domain layer and resolution to canonical entities.

* :mod:`garrison.entities.lexicon` — the reviewed data files (``garrison/data/entities/``) and
  the spelling-blind ``fold`` key;
* :mod:`garrison.entities.matcher` — lexicon aliases and pattern rules found in raw text;
* :mod:`garrison.entities.resolve` — model and domain spans merged, resolved to entities;
* :mod:`garrison.entities.stage` — the pipeline stage (``mentions``, ``entities``).

``garrison eval ner`` scores it from the evaluation wing, :mod:`garrison.eval.entities`.
"""
