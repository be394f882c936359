"""`python -m bench.fit_events`: fit the event model (generator/data/event_model.yml).

Every dated clause the events stage weighs in the labelled corpus (tests/corpus/) is an
example: positive when it gives one of the document's expected events (its date at the
expectation's precision, its text holding the phrase: the rule bench/eval.py scores by),
negative otherwise (in a document whose events are all labelled; an unlisted clause of a
partly labelled one is left out). A logistic regression with an L2 penalty is fitted on
the clauses' features (generator/conversion/stages/event_evidence.py); the threshold is the
lowest whose events reach PRECISION_TARGET on the fitted documents, so recall is as high as
that precision allows, but never one that leaves recall under `--min-recall` (MIN_RECALL by
default: the corpus floor must hold): then the most precise threshold that keeps it. The
model written is never stricter than an event the seeds' acceptance set requires
(tests/data/seeds.yaml): the threshold goes down to the lowest of their scores.

The a-* and b-* documents were gathered independently: the script also fits on one set
and scores the other, both ways, the figure that says how the model does on documents it
never saw. `--write` writes the model fitted on every document; without it the script
only prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

from bench.eval import CORPUS, Scorer, date_matches, fold, load_cases
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
PRECISION_TARGET = 0.90
# the recall the corpus's floor (tests/corpus/floors.yaml) needs, and a margin: a model that
# buys precision with fewer events than the floor allows is not taken
MIN_RECALL = 0.72
PENALTY = 3.0   # L2 on the weights (not the bias), in units of one example's log-loss


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


def pick_threshold(data, names, bias, weights, min_recall: float = MIN_RECALL) -> float:
    """The lowest threshold whose precision reaches PRECISION_TARGET (recall falls as the
    threshold rises) with recall at least `min_recall`; when none does, the one with the best
    precision of those that keep `min_recall`."""
    index = {n: i for i, n in enumerate(names)}
    scores = sorted({round(bias + sum(weights[index[n]] * v for n, v in c["features"].items() if n in index), 4)
                     for _, clauses in data for c in clauses})
    candidates = [s - 1e-4 for s in scores[::max(1, len(scores) // 300)]]
    best, best_precision = candidates[0], -1.0
    for threshold in candidates:
        all_ = score_at(data, names, bias, weights, threshold).events["all"]
        if all_.recall < min_recall:
            break
        if all_.precision >= PRECISION_TARGET:
            return threshold
        if all_.precision > best_precision:
            best, best_precision = threshold, all_.precision
    return best


def fitted(data, names, penalty: float = PENALTY,
           min_recall: float = MIN_RECALL) -> tuple[float, np.ndarray, float]:
    x, y = matrix(data, names)
    bias, weights = fit(x, y, penalty)
    return bias, weights, pick_threshold(data, names, bias, weights, min_recall)


def row(scorer: Scorer) -> str:
    out = []
    for name in ("all", "day", "month", "year"):
        s = scorer.events[name]
        out.append(f"{name} P {s.precision:.3f} R {s.recall:.3f}")
    a = scorer.events["all"]
    return "  ".join(out) + f"  ({a.right} right, {a.answered} given, {a.expected} expected)"


def write_model(path: Path, names, bias, weights, threshold, penalty: float, min_recall: float,
                summary: list[str]) -> None:
    lines = ["# The event model: weights of the evidence a dated clause gives (read by",
             "# generator/conversion/stages/event_evidence.py; each feature is described there).",
             "# Written by `python -m bench.fit_events --write` from the labelled corpus",
             f"# (tests/corpus/): a logistic regression (L2 penalty {penalty}); the threshold is the",
             f"# lowest log-odds at which the corpus's events reach precision {PRECISION_TARGET} with",
             f"# recall at least {min_recall}, else the most precise one that keeps recall {min_recall},",
             "# and never above the score of an event the seeds' acceptance set requires.",
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
    parser.add_argument("--min-recall", type=float, default=MIN_RECALL,
                        help="the least recall a threshold may leave on the fitted documents")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    data = corpus_clauses(args.corpus)
    names = feature_names(data)
    summary = []
    print(f"every clause kept: {row(score_at(data, names, 0.0, np.zeros(len(names)), float('-inf')))}")
    for train, test in (("a-", "b-"), ("b-", "a-")):
        part = [d for d in data if d[0]["file"].startswith(train)]
        other = [d for d in data if d[0]["file"].startswith(test)]
        bias, weights, threshold = fitted(part, names, args.penalty, args.min_recall)
        line = f"fit on {train}*, scored on {test}*: {row(score_at(other, names, bias, weights, threshold))}"
        summary.append(line)
        print(line)
    bias, weights, threshold = fitted(data, names, args.penalty, args.min_recall)
    # never above an event the acceptance set requires (one with no candidate clause at all
    # is a date's problem, not the threshold's)
    required = [s for _, _, s in acceptance_scores(names, bias, weights) if s != float("-inf")]
    if required and min(required) < threshold:
        print(f"threshold {threshold:+.4f} lowered to {min(required) - 1e-4:+.4f} for the acceptance set")
        threshold = min(required) - 1e-4
    line = f"fit on all, in sample: {row(score_at(data, names, bias, weights, threshold))}"
    summary.append(line)
    print(line)
    for name, w in sorted(zip(names, weights), key=lambda p: -abs(p[1])):
        print(f"  {name:16} {w:+.3f}")
    print(f"  {'(bias)':16} {bias:+.3f}  threshold {threshold:+.3f}")
    if args.write:
        write_model(MODEL, names, bias, weights, threshold, args.penalty, args.min_recall, summary)
        print(f"wrote {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
