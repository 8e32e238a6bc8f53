"""The coach's labelled sentences (benchmarks/coach_sentences.csv) are well-formed.

How well the coach does on them is the benchmark's job (benchmarks/coach.py); this only guards
against a large regression on the dev split.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from evenly.core.coach import RULES, coach

CSV = Path(__file__).resolve().parents[2] / "benchmarks" / "coach_sentences.csv"
NAMES = {r.name for r in RULES}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["sentence", "rules", "split"]
        return list(reader)


def labels(row: dict[str, str]) -> set[str]:
    return {r for r in row["rules"].split(";") if r}


SPLITS = {"dev", "test", "dev2", "test2", "dev3", "test3", "dev4", "test4", "dev5", "test5"}


def test_the_csv_is_well_formed(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 300
    sentences = [r["sentence"] for r in rows]
    assert all(s.strip() for s in sentences)
    assert len(set(sentences)) == len(sentences), "no sentence twice"
    for row in rows:
        assert labels(row) <= NAMES, row
        assert row["split"] in SPLITS, row


def test_there_are_enough_positives_and_fine_sentences(rows: list[dict[str, str]]) -> None:
    positives = Counter(name for row in rows for name in labels(row))
    for name in NAMES:
        assert positives[name] >= 25, name
    fine = sum(1 for row in rows if not labels(row))
    # Enough fine sentences that a flag on them is measured, not guessed: over a third.
    assert fine >= 0.35 * len(rows)


def test_both_splits_are_present(rows: list[dict[str, str]]) -> None:
    splits = Counter(row["split"] for row in rows)
    assert splits["dev"] and splits["test"] and splits["dev2"]
    # The first two splits keep their proportions; dev2/test2 (issue 18) stand apart.
    assert 0.25 <= splits["test"] / (splits["dev"] + splits["test"]) <= 0.4
    for name in NAMES:
        assert any(name in labels(r) for r in rows if r["split"] == "test"), name


def test_dev_precision_has_not_regressed(rows: list[dict[str, str]]) -> None:
    tp = fp = 0
    for row in rows:
        if row["split"] not in {"dev", "dev2"}:
            continue
        predicted = {f.rule for f in coach(row["sentence"])}
        tp += len(predicted & labels(row))
        fp += len(predicted - labels(row))
    assert tp / (tp + fp) >= 0.9


def test_dev2_holds_blame_and_fine_look_alikes(rows: list[dict[str, str]]) -> None:
    dev2 = [r for r in rows if r["split"] == "dev2"]
    blaming = [r for r in dev2 if labels(r) & {"blame", "contempt"}]
    fine = [r for r in dev2 if not labels(r)]
    assert len(blaming) >= 60 and len(fine) >= 30
    # Most of the blunt blame the coach was tuned on is caught (the benchmark has the figures).
    caught = sum(1 for r in blaming if coach(r["sentence"]))
    assert caught / len(blaming) >= 0.9


def test_dev3_trains_the_learned_reading_on_blame_and_fine_look_alikes(
    rows: list[dict[str, str]],
) -> None:
    dev3 = [r for r in rows if r["split"] == "dev3"]
    blaming = [r for r in dev3 if labels(r) & {"blame", "contempt"}]
    fine = [r for r in dev3 if not labels(r)]
    assert len(dev3) >= 250 and len(blaming) >= 100 and len(fine) >= 100
    # The model learned from these, so this only guards against a broken model or rules.
    assert sum(1 for r in blaming if coach(r["sentence"])) / len(blaming) >= 0.9
    assert sum(1 for r in fine if coach(r["sentence"])) / len(fine) <= 0.15


def test_dev4_adds_the_weak_kinds_and_real_questions_thanks_and_requests(
    rows: list[dict[str, str]],
) -> None:
    dev4 = [r for r in rows if r["split"] == "dev4"]
    blaming = [r for r in dev4 if labels(r) & {"blame", "contempt"}]
    fine = [r for r in dev4 if not labels(r)]
    assert len(blaming) >= 200 and len(fine) >= 150
    # In-sample again (the model learned from these): a guard against a broken model.
    assert sum(1 for r in blaming if coach(r["sentence"])) / len(blaming) >= 0.9
    assert sum(1 for r in fine if coach(r["sentence"])) / len(fine) <= 0.15
