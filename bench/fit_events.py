"""`python -m bench.fit_events`: fit the event model (generator/data/event_model.yml).

Every dated clause the events stage weighs in the labelled corpus (tests/corpus/) is an
example: positive when it gives one of the document's expected events (its date at the
expectation's precision, its text holding the phrase: the rule bench/eval.py scores by),
negative otherwise (in a document whose events are all labelled; an unlisted clause of a
partly labelled one is left out). A logistic regression with an L2 penalty is fitted on
the clauses' features (generator/conversion/stages/event_evidence.py); its weights are
rounded to the 4 decimals written, and every figure is of the rounded model.

The threshold is chosen on documents the model did not see: the fitted documents are cut
into FOLDS folds (document i in fold i % FOLDS), each fold scored by a model fitted on the
others, and of every distinct score (the threshold halfway between it and the next lower
one) the one whose events have the best F1 on those out-of-fold scores wins, among those
that keep the model's own figures on each group of the fitted documents at that group's
floors (tests/corpus/floors.yaml) and a margin; when none does, the most precise one that
keeps the recalls. The model written is never stricter than an event the
seeds' acceptance set requires (tests/data/seeds.yaml): the threshold goes down to the
lowest of their scores.

The a-*, b-*, … documents were gathered independently (a set per name prefix). A set that
floors.yaml marks `held_out` (c-*) is never fitted on: the model is scored on it, the figure
of documents it never saw. Of the others the script also holds out each in turn, fits on
the rest (threshold chosen the same way, on their folds) and scores the one held out. `--write` writes the model fitted on every document; without it the script only
prints.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from bench.eval import CORPUS, Scorer, date_matches, fold, load_cases, set_of
from generator.config import Config
from generator.conversion.pipeline import run
from generator.conversion.stages.event_evidence import required_score
from generator.conversion.stages.events import event_rules, trim_sentence, weighed_clauses
from generator.conversion.taxonomy import normalise
from generator.readers import read_source

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "generator" / "data" / "event_model.yml"
SEEDS = ROOT / "tests" / "data" / "seeds.yaml"
SEED_DOCS = ROOT / "seeds"
FLOORS = ROOT / "tests" / "corpus" / "floors.yaml"
# the corpus's floors (tests/corpus/floors.yaml: each group of sets has its events floor)
# and a margin: a threshold that would leave a group's fitted documents under its floor is
# not taken
FLOOR_MARGIN = 0.01


@dataclass(frozen=True)
class Floor:
    """The least precision and recall a threshold may leave on the fitted documents of
    `sets` (name prefixes; None: every document)."""

    sets: frozenset[str] | None
    precision: float
    recall: float

    def holds(self, case: dict) -> bool:
        return self.sets is None or set_of(case) in self.sets

    def __str__(self) -> str:
        where = "+".join(sorted(self.sets)) if self.sets is not None else "all"
        return f"{where} P {self.precision} R {self.recall}"


def corpus_floors(path: Path = FLOORS) -> tuple[Floor, ...]:
    """The events floors of the groups the model is fitted on (not a held-out one's)."""
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
    return tuple(Floor(frozenset(name.split()), round(g["events"]["precision"] + FLOOR_MARGIN, 4),
                       round(g["events"]["recall"] + FLOOR_MARGIN, 4))
                 for name, g in groups.items() if not g.get("held_out"))


def held_out(path: Path = FLOORS) -> frozenset[str]:
    """The sets the model is never fitted on (floors.yaml's `held_out` groups): their
    figures stay those of documents the model never saw."""
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
    return frozenset(s for name, g in groups.items() if g.get("held_out") for s in name.split())


# L2 on the weights (not the bias), in units of one example's log-loss: chosen by the sets
# held out in turn (fitted on a-* b-* c-* d-*, mean F1 of each set scored by a model fitted on
# the others: 0.747 at 3, 0.755 at 10, 0.754 at 20)
PENALTY = 10.0
FOLDS = 10      # out-of-fold scores choose the threshold
DECIMALS = 4    # the model is written, and scored, at this many decimals


def corpus_clauses(corpus: Path = CORPUS) -> list[tuple[dict, list[dict]]]:
    """(case, its weighed clauses as {date, text, features, label}) for every document
    whose events were labelled; label None for a clause that counts for nothing."""
    config = Config()
    out = []
    for case in load_cases(corpus):
        if "events" not in case:
            continue
        doc = run(read_source(corpus / "docs" / case["file"], corpus / "docs"), config)
        complete = case.get("events_complete", True)
        wanted = [(str(e["date"]), fold(str(e["phrase"]))) for e in case.get("events") or []]
        clauses, seen = [], set()
        for clause in weighed_clauses(doc):
            text = trim_sentence(clause.text, clause.date)
            iso = clause.date.iso()
            key = (iso, normalise(text))
            if key in seen:
                continue
            seen.add(key)
            folded = fold(text)
            hit = any(date_matches(d, iso) and p in folded for d, p in wanted)
            # an expected event's sentence at a wrong date: the date's resolution failed,
            # not the weighing; it teaches the model nothing about what states an event
            near = not hit and any(p in folded for _, p in wanted)
            label = 1 if hit else (0 if complete and not near else None)
            clauses.append({"date": iso, "text": text, "features": clause.features, "label": label})
        out.append((case, clauses))
    return out


def acceptance_scores(names, bias, weights, seeds: Path = SEEDS) -> list[tuple[str, str, float]]:
    """(seed file, phrase, the best score of a clause giving it) for every event the seeds'
    acceptance set requires (tests/data/seeds.yaml, copied from the shared acceptance
    set): the threshold may never drop one of those."""
    index = {n: i for i, n in enumerate(names)}
    config = Config()
    out = []
    for case in yaml.safe_load(seeds.read_text(encoding="utf-8")):
        wanted = [(str(e["date"]), fold(str(e["phrase"]))) for e in case.get("events") or []]
        if not wanted:
            continue
        doc = run(read_source(SEED_DOCS / case["file"], SEED_DOCS), config)
        for date, phrase in wanted:
            scores = [bias + sum(weights[index[n]] * v for n, v in clause.features.items() if n in index)
                      for clause in weighed_clauses(doc)
                      if date_matches(date, clause.date.iso())
                      and phrase in fold(trim_sentence(clause.text, clause.date))]
            out.append((case["file"], phrase, max(scores, default=float("-inf"))))
    return out


def feature_names(data) -> list[str]:
    return sorted({name for _, clauses in data for c in clauses for name in c["features"]})


def matrix(data, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    rows = [c for _, clauses in data for c in clauses if c["label"] is not None]
    x = np.array([[c["features"].get(n, 0.0) for n in names] for c in rows], dtype=float)
    y = np.array([c["label"] for c in rows], dtype=float)
    return x, y


def fit(x: np.ndarray, y: np.ndarray, penalty: float = PENALTY) -> tuple[float, np.ndarray]:
    """Logistic regression by Newton's method (deterministic; a few dozen features)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], penalty)
    reg[0] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return float(w[0]), w[1:]


def score_at(data, names, bias, weights, threshold) -> Scorer:
    """bench/eval.py's event scores of the clauses the model keeps at `threshold`."""
    scorer = Scorer()
    rules = event_rules()
    index = {n: i for i, n in enumerate(names)}
    for case, clauses in data:
        kept = []
        for c in clauses:
            s = bias + sum(weights[index[n]] * v for n, v in c["features"].items() if n in index)
            if s >= required_score(c["features"], threshold, rules):
                kept.append({"date": c["date"], "text": c["text"]})
        scorer._events(case, {"events": kept})
    return scorer


def match_table(data) -> list[tuple[bool, list[list[int]]]]:
    """Per document: whether all its events are labelled, and for each expected event the
    clauses that would give it, in order (bench/eval.py's rule, folded once: the threshold
    search counts events at every distinct score)."""
    table = []
    for case, clauses in data:
        wanted = [(str(e["date"]), fold(str(e["phrase"]))) for e in case.get("events") or []]
        folded = [fold(c["text"]) for c in clauses]
        givers = [[i for i, c in enumerate(clauses) if date_matches(d, c["date"]) and p in folded[i]]
                  for d, p in wanted]
        table.append((case.get("events_complete", True), givers))
    return table


def margins(data, names, bias, weights) -> list[np.ndarray]:
    """Per document, each clause's score less what it needs beyond the threshold (a
    vague forecast's extra): a clause is kept at threshold t when its margin is >= t."""
    rules = event_rules()
    out = []
    for _, clauses in data:
        x = np.array([[c["features"].get(n, 0.0) for n in names] for c in clauses]).reshape(len(clauses), len(names))
        extra = np.array([required_score(c["features"], 0.0, rules) for c in clauses])
        out.append(bias + x @ weights - extra)
    return out


def counts(table, doc_margins, threshold: float) -> tuple[int, int, int]:
    """(right, given, expected) of the events kept at `threshold`, as bench/eval.py counts
    them: each expected event taken by the first kept clause that gives it and is not taken."""
    right = given = expected = 0
    for (complete, givers), m in zip(table, doc_margins):
        used: set[int] = set()
        for clauses in givers:
            hit = next((i for i in clauses if m[i] >= threshold and i not in used), None)
            if hit is not None:
                used.add(hit)
        right += len(used)
        given += int(np.count_nonzero(m >= threshold)) if complete else len(used)
        expected += len(givers)
    return right, given, expected


def pr(right: int, given: int, expected: int) -> tuple[float, float]:
    return (right / given if given else 1.0), (right / expected if expected else 1.0)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def out_of_fold(data, names, penalty: float) -> list[np.ndarray]:
    """Each document's margins by a model fitted on the other folds."""
    out: list = [None] * len(data)
    for fold_number in range(FOLDS):
        held = [i for i in range(len(data)) if i % FOLDS == fold_number]
        if not held:
            continue
        rest = [d for i, d in enumerate(data) if i % FOLDS != fold_number]
        bias, weights = rounded(*fit(*matrix(rest, names), penalty))
        for i, m in zip(held, margins([data[i] for i in held], names, bias, weights)):
            out[i] = m
    return out


def pick_threshold(data, names, bias, weights, penalty: float = PENALTY,
                   floors: tuple[Floor, ...] | None = None) -> float:
    """The threshold of the best out-of-fold F1 that keeps each floor's fitted documents at
    its precision and recall (see the module docstring; `floors` defaults to the corpus's)."""
    floors = corpus_floors() if floors is None else floors
    table = match_table(data)
    held_out = out_of_fold(data, names, penalty)
    own = margins(data, names, bias, weights)
    scores = sorted({round(float(v), DECIMALS + 2) for m in held_out + own for v in m})
    if not scores:   # no clause to weigh: any threshold keeps nothing
        return 0.0
    # each floor's documents (a floor with none of them holds whatever the threshold)
    groups = []
    for floor in floors:
        kept = [i for i, (case, _) in enumerate(data) if floor.holds(case)]
        if kept:
            groups.append((floor, [table[i] for i in kept], [own[i] for i in kept]))
    # halfway between neighbouring distinct scores (at the model's decimals): a clause's score
    # summed in another order still falls on the same side
    candidates = [scores[0] - 1.0] + [round((a + b) / 2, DECIMALS) for a, b in zip(scores, scores[1:])]
    best, best_key, fallback, fallback_precision = None, None, candidates[0], -1.0
    for threshold in candidates:
        figures = [(floor, *pr(*counts(t, m, threshold))) for floor, t, m in groups]
        if any(recall < floor.recall for floor, _, recall in figures):
            break   # recall only falls as the threshold rises
        precision = pr(*counts(table, own, threshold))[0]
        if precision > fallback_precision:
            fallback, fallback_precision = threshold, precision
        if any(p < floor.precision for floor, p, _ in figures):
            continue
        key = f1(*pr(*counts(table, held_out, threshold)))
        if best_key is None or key > best_key:
            best, best_key = threshold, key
    return best if best is not None else fallback


def set_name(data) -> str:
    return "+".join(f"{p}*" for p in sorted({set_of(case) for case, _ in data}))


def held_out_sets(data) -> list[tuple[str, list, list]]:
    """(the fitted sets' name, their documents, the other set's documents) for each set in
    turn held out: the figure of documents gathered apart from those the model saw."""
    sets = sorted({set_of(case) for case, _ in data})
    out = []
    for held in sets if len(sets) > 1 else ():
        part = [d for d in data if set_of(d[0]) != held]
        out.append((set_name(part), part, [d for d in data if set_of(d[0]) == held]))
    return out


def rounded(bias: float, weights: np.ndarray) -> tuple[float, np.ndarray]:
    return round(bias, DECIMALS), np.round(weights, DECIMALS)


def fitted(data, names, penalty: float = PENALTY,
           floors: tuple[Floor, ...] | None = None) -> tuple[float, np.ndarray, float]:
    x, y = matrix(data, names)
    bias, weights = rounded(*fit(x, y, penalty))
    return bias, weights, pick_threshold(data, names, bias, weights, penalty, floors)


def row(scorer: Scorer) -> str:
    out = []
    for name in ("all", "day", "month", "year"):
        s = scorer.events[name]
        out.append(f"{name} P {s.precision:.3f} R {s.recall:.3f}")
    a = scorer.events["all"]
    return "  ".join(out) + f"  ({a.right} right, {a.answered} given, {a.expected} expected)"


def write_model(path: Path, names, bias, weights, threshold, penalty: float,
                floors: tuple[Floor, ...], summary: list[str]) -> None:
    lines = ["# The event model: weights of the evidence a dated clause gives (read by",
             "# generator/conversion/stages/event_evidence.py; each feature is described there).",
             "# Written by `python -m bench.fit_events --write` from the labelled corpus",
             f"# (tests/corpus/): a logistic regression (L2 penalty {penalty}); the threshold is the",
             f"# one of the best F1 on {FOLDS}-fold out-of-fold scores that keeps each group of",
             f"# the corpus's sets at its own figures ({'; '.join(map(str, floors))}; else the",
             "# most precise that keeps those recalls), never above the score of an event the",
             "# seeds' acceptance set requires.",
             "# Do not edit by hand: refit.",
             *("# " + line for line in summary),
             f"bias: {bias:.4f}",
             f"threshold: {threshold:.4f}",
             "weights:"]
    lines += [f"  {name}: {w:.4f}" for name, w in zip(names, weights)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--penalty", type=float, default=PENALTY)
    parser.add_argument("--min-recall", type=float,
                        help="the least recall a threshold may leave on every fitted document "
                             "(instead of each group's floor)")
    parser.add_argument("--min-precision", type=float,
                        help="the least precision, likewise")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    floors = corpus_floors()
    if args.min_recall is not None or args.min_precision is not None:
        floors = (Floor(None, args.min_precision or 0.0, args.min_recall or 0.0),)
    every = corpus_clauses(args.corpus)
    names = feature_names(every)
    kept_out = held_out()
    data = [d for d in every if set_of(d[0]) not in kept_out]
    unseen = [d for d in every if set_of(d[0]) in kept_out]
    summary = []
    print(f"every clause kept: {row(score_at(every, names, 0.0, np.zeros(len(names)), float('-inf')))}")
    for held, part, other in held_out_sets(data):
        bias, weights, threshold = fitted(part, names, args.penalty, floors)
        line = f"fit on {held}, scored on {set_name(other)}: {row(score_at(other, names, bias, weights, threshold))}"
        summary.append(line)
        print(line)
    bias, weights, threshold = fitted(data, names, args.penalty, floors)
    # never above an event the acceptance set requires (one with no candidate clause at all
    # is a date's problem, not the threshold's)
    required = [s for _, _, s in acceptance_scores(names, bias, weights) if s != float("-inf")]
    if required and min(required) < threshold:
        lowered = math.floor(min(required) * 10**DECIMALS) / 10**DECIMALS
        print(f"threshold {threshold:+.4f} lowered to {lowered:+.4f} for the acceptance set")
        threshold = lowered
    line = f"fit on {set_name(data)}, in sample: {row(score_at(data, names, bias, weights, threshold))}"
    summary.append(line)
    print(line)
    for name in sorted(kept_out):
        part = [d for d in unseen if set_of(d[0]) == name]
        if part:
            line = f"the same model on {name}*, held out: {row(score_at(part, names, bias, weights, threshold))}"
            summary.append(line)
            print(line)
    for name, w in sorted(zip(names, weights), key=lambda p: -abs(p[1])):
        print(f"  {name:16} {w:+.3f}")
    print(f"  {'(bias)':16} {bias:+.3f}  threshold {threshold:+.3f}")
    if args.write:
        write_model(MODEL, names, bias, weights, threshold, args.penalty, floors, summary)
        print(f"wrote {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
