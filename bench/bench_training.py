"""Trained event typing over repeated held-out splits: mean and spread, not one split.

    .venv/bin/python bench/bench_training.py GOLD [--holdout 0.2] [--seeds 13,1,2,...] [--check OTHER ...]

One held-out split of a few hundred rows moves by several points from seed to seed, so a method change
is judged here by the mean and spread over many.  For each seed, the rows are split exactly as
``garrison train events --holdout H --seed S`` splits them, the model is trained on the rest (back-off
threshold and strength chosen by cross-validation on those rows only), and the held-out rows are scored
by the rules alone and by the trained model: with the actor interaction codes the gold rows keep (an
export's inter1/inter2; the model trained with them reads them) and as text alone (the text-only
model).  ``--check`` files are scored by every seed's model against the rules alone (the trained model must never be worse there).  The rules' reading of each text is
computed once and shared by all seeds.  Prints one JSON object (and each seed's row to stderr
as it is done).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from garrison.eval import events as evaluate
from garrison.events import actor_fields, classifier

DEFAULT_SEEDS = "13,1,2,3,4,5,6,7,8,9,10"


def _gold(path: Path) -> tuple[list[str], list[str], str, list]:
    rows = evaluate.read_rows(path, ("text",))
    label_set = evaluate.default_label_set(rows)
    return ([r["text"] for r in rows], evaluate.gold_labels(rows, label_set, path), label_set,
            [actor_fields.interaction_codes(r) for r in rows])


def _summary(values: list[float]) -> dict[str, float]:
    return {"mean": round(statistics.mean(values), 4),
            "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
            "min": round(min(values), 4), "max": round(max(values), 4)}


def _scores(bundle, texts, gold, readings, label_set, fields=None) -> tuple[float, float]:
    rules = [classifier.project(r, label_set, set(gold)) for r in readings]
    trained = classifier.predict(bundle, texts, readings, label_space=set(gold), labels=label_set, fields=fields)
    return (evaluate.classification_report(gold, rules)["weighted_f1"],
            evaluate.classification_report(gold, trained)["weighted_f1"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--seeds", default=DEFAULT_SEEDS)
    parser.add_argument("--check", type=Path, action="append", default=[])
    parser.add_argument("--text-only", action="store_true",
                        help="ignore the gold's actor interaction codes (train and score on the text alone)")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    texts, gold, label_set, fields = _gold(args.gold)
    if args.text_only:
        fields = [None] * len(texts)
    readings = classifier.rule_readings(texts)
    checks = []
    for path in args.check:
        other_texts, other_gold, other_labels, other_fields = _gold(path)
        checks.append((path, other_texts, other_gold, classifier.rule_readings(other_texts), other_labels,
                       other_fields))
    per_seed, rules, trained, text_only = [], [], [], []
    worse = {str(path): 0 for path, *_ in checks}
    for seed in seeds:
        test, train = classifier.heldout_split(len(texts), args.holdout, seed)
        bundle = classifier.train([texts[i] for i in train], [gold[i] for i in train], label_set, "event_type",
                                  readings=[readings[i] for i in train], fields=[fields[i] for i in train])
        heldout = ([texts[i] for i in test], [gold[i] for i in test], [readings[i] for i in test], label_set)
        before, after = _scores(bundle, *heldout, [fields[i] for i in test])
        # the same rows as text alone, as a news report comes (no actor codes): the text-only model's figure
        alone = _scores(bundle, *heldout)[1]
        rules.append(before)
        trained.append(after)
        text_only.append(alone)
        row = {"seed": seed, "rules": before, "trained": after, "trained_text_only": alone,
               "threshold": bundle["threshold"], "strength": bundle["strength"],
               "with_fields": {k: bundle["with_fields"][k] for k in ("threshold", "strength")}
               if bundle["with_fields"] else None}
        for path, other_texts, other_gold, other_readings, other_labels, other_fields in checks:
            other_before, other_after = _scores(bundle, other_texts, other_gold, other_readings, other_labels,
                                                other_fields)
            row[path.stem] = {"rules": other_before, "trained": other_after}
            worse[str(path)] += other_after < other_before
        per_seed.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)  # a long run shows its progress
    print(json.dumps({"gold": str(args.gold), "holdout": args.holdout, "seeds": seeds,
                      "heldout_rules": _summary(rules), "heldout_trained": _summary(trained),
                      "heldout_trained_text_only": _summary(text_only),
                      "gain": _summary([a - b for a, b in zip(trained, rules)]),
                      "checks_worse_than_rules": worse, "per_seed": per_seed}, indent=1))


if __name__ == "__main__":
    main()
