"""`make eval` (`python -m bench.eval`): score the converter on the labelled corpus.

The corpus (tests/corpus/, see its README) holds real public documents, byte for byte, and
one expectation file per document written by reading the raw file. This runs `zhiku
convert` on the documents and prints, per field, precision and recall over the corpus:

- title, date: a document counts as answered when Zhiku gives a value; right when the value
  equals the expectation (a title after folding; a date at the expectation's precision).
  An undated document is right when Zhiku gives no date and warns about it.
- tags: over (document, tag) pairs: the expected tags are the document's main subjects.
- kept text: `must_keep` phrases found in the article as a reader sees it (recall only).
- dropped chrome: `must_drop` strings absent from the article, its Markdown included.
- events: an expected event is found when one of the document's events has its date (at
  its precision) and holds its phrase; precision over the events Zhiku lists in the
  documents whose events were labelled (all of them: `events_complete: false` marks a
  document labelled in part, whose other events count for neither); by date precision
  (day, month, year) too. `events/ceiling`: the same scores with every candidate clause
  kept (each dated clause the events stage weighs, before its model decides): the recall
  no threshold can pass, set by how the candidates and their dates are found.

Beside Zhiku, the same clean-text scores (kept text, dropped chrome) of trafilatura and
readability-lxml on the saved pages (test-only dependencies). Comparison folds both sides
to one script, one width, one kind of quote and no whitespace: the scorer does not use
Zhiku's own folding, so it cannot share its mistakes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import markdown
import opencc
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
HTML_KINDS = {"saved-page", "forum", "wechat", "encyclopedia"}
QUOTES = str.maketrans({c: '"' for c in "“”„‟「」『』＂〝〞'‘’"})
# OpenCC's t2s leaves these where Zhiku's repairs write the common form: compare as equal.
VARIANTS = str.maketrans({"瞭": "了", "着": "著", "乾": "干", "後": "后"})
PRECISIONS = ("day", "month", "year")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


def fold(text: str) -> str:
    """One script, one width, one quote, lower case, no whitespace."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _t2s().convert(text).translate(QUOTES).translate(VARIANTS).lower()
    return re.sub(r"\s+", "", text)


@dataclass
class Score:
    """Counts for one field: right answers, answers given, answers expected."""
    right: int = 0
    answered: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.answered if self.answered else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    def row(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "right": self.right, "answered": self.answered, "expected": self.expected}


@lru_cache(maxsize=1)
def taxonomy_ids() -> frozenset[str]:
    data = yaml.safe_load((ROOT / "generator" / "data" / "taxonomy.yml").read_text(encoding="utf-8"))
    return frozenset(str(tag["id"]) for tag in data["tags"])


def load_cases(corpus: Path = CORPUS) -> list[dict]:
    cases = []
    for path in sorted((corpus / "expected").glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        if (corpus / "docs" / case["file"]).is_file():
            cases.append(case)
    return cases


def set_of(case: dict) -> str:
    """The independently gathered set a document belongs to: its file name's prefix (a-, b-,
    c-, …)."""
    return case["file"].split("-", 1)[0] + "-"


def combined(rows: list[dict]) -> dict:
    """One row (right, answered, expected, precision, recall) of several sets' rows."""
    right, answered, expected = (sum(r[k] for r in rows) for k in ("right", "answered", "expected"))
    return {"precision": right / answered if answered else 1.0, "recall": right / expected if expected else 1.0,
            "right": right, "answered": answered, "expected": expected}


def run_zhiku(docs: Path, out: Path) -> dict:
    """`zhiku convert` on the corpus, as a user runs it; the report JSON."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())",
           "convert", str(docs), "--out", str(out / "md"), "--work-dir", str(out / "work")]
    proc = subprocess.run(cmd, cwd=out, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"zhiku convert failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads((out / "md" / "report.json").read_text(encoding="utf-8"))


def page_texts(md_file: Path) -> tuple[str, str]:
    """(the article as a reader sees it, the Markdown body): front matter and the heading
    Zhiku writes from the title are not article text."""
    text = md_file.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables", "admonition"])
    soup = BeautifulSoup(html, "lxml")
    first = soup.find("h1")
    if first is not None:
        first.decompose()
    return soup.get_text(" "), text


def date_matches(expected: str, got: str | None) -> bool:
    return bool(got) and got[:len(expected)] == expected and len(got) >= len(expected)


def precision_of(date: str) -> str:
    return {10: "day", 7: "month"}.get(len(date), "year")


class Scorer:
    def __init__(self) -> None:
        self.scores = {name: Score() for name in ("title", "date", "tags", "kept", "dropped")}
        self.events = {name: Score() for name in ("all",) + PRECISIONS}

    def add(self, case: dict, doc: dict | None, visible: str, body: str) -> None:
        name = case["file"]
        s = self.scores
        if doc is None:  # skipped or lost: every expectation of it fails
            for key in ("title", "date"):
                s[key].expected += 1
                s[key].misses.append(f"{name}: not converted")
        else:
            self._title(case, doc)
            self._date(case, doc)
            self._tags(case, doc)
        self._text(case, visible, body)
        if "events" in case and doc is not None:
            self._events(case, doc)

    def _title(self, case: dict, doc: dict) -> None:
        score, want = self.scores["title"], case.get("title")
        if not want:
            return
        score.expected += 1
        score.answered += bool(doc.get("title"))
        if fold(doc.get("title")) == fold(str(want)):
            score.right += 1
        else:
            score.misses.append(f"{case['file']}: {doc.get('title')!r} != {want!r}")

    def _date(self, case: dict, doc: dict) -> None:
        score, want, got = self.scores["date"], case.get("date"), doc.get("date")
        score.expected += 1
        score.answered += bool(got) or want is None
        warned = any("date" in w.split(":", 1)[0] for w in doc.get("warnings", []))
        if want is None:
            ok = not got and warned
        else:
            ok = date_matches(str(want), got)
        score.right += ok
        if not ok:
            score.misses.append(f"{case['file']}: {got!r} (warned: {warned}) != {want!r}")

    def _tags(self, case: dict, doc: dict) -> None:
        """Topic tags of the taxonomy only: a tag a document declares itself (a free tag,
        kept as written) is not the tagger's answer."""
        score = self.scores["tags"]
        labels = case.get("tags") or {}
        want = {str(t) for t in labels.get("required") or []}
        # a tag the labeller called "neither required nor forbidden" counts for neither side
        got = set(doc.get("tags") or []) & taxonomy_ids() - {str(t) for t in labels.get("optional") or []}
        score.expected += len(want)
        score.answered += len(got)
        score.right += len(want & got)
        if want != got:
            score.misses.append(f"{case['file']}: missing {sorted(want - got)}, extra {sorted(got - want)}")

    def _text(self, case: dict, visible: str, body: str) -> None:
        kept, dropped = self.scores["kept"], self.scores["dropped"]
        seen, markup = fold(visible), fold(body)
        for phrase in case.get("must_keep") or []:
            kept.expected += 1
            kept.answered += 1
            if fold(str(phrase)) in seen:
                kept.right += 1
            else:
                kept.misses.append(f"{case['file']}: lost {phrase!r}")
        for phrase in case.get("must_drop") or []:
            dropped.expected += 1
            dropped.answered += 1
            p = fold(str(phrase))
            if p and (p in seen or p in markup):
                dropped.misses.append(f"{case['file']}: kept {phrase!r}")
            else:
                dropped.right += 1

    def _events(self, case: dict, doc: dict) -> None:
        got = [(str(e["date"]), fold(e["text"])) for e in doc.get("events") or []]
        used: set[int] = set()
        for want in case.get("events") or []:
            date, phrase = str(want["date"]), fold(str(want["phrase"]))
            for bucket in ("all", want.get("precision") or precision_of(date)):
                self.events[bucket].expected += 1
            hit = next((i for i, (d, text) in enumerate(got)
                        if i not in used and date_matches(date, d) and phrase in text), None)
            if hit is None:
                self.events["all"].misses.append(f"{case['file']}: missed {date} {want['phrase']!r}")
                continue
            used.add(hit)
            for bucket in ("all", want.get("precision") or precision_of(date)):
                self.events[bucket].right += 1
        complete = case.get("events_complete", True)
        for i, (date, text) in enumerate(got):
            if i not in used and not complete:
                continue   # a partly labelled document: an unlisted event is not known wrong
            for bucket in ("all", precision_of(date)):
                self.events[bucket].answered += 1
            if i not in used:
                self.events["all"].misses.append(f"{case['file']}: extra {date} {text[:40]!r}")


def extractor_texts(case: dict, raw: bytes) -> dict[str, str]:
    """What trafilatura and readability-lxml keep of a saved page."""
    import trafilatura
    from readability import Document as Readable

    html = raw.decode(case.get("encoding") or "utf-8", errors="replace")
    out = {"trafilatura": trafilatura.extract(raw, include_comments=False) or ""}
    try:
        summary = Readable(html).summary(html_partial=True)
        out["readability"] = BeautifulSoup(summary, "lxml").get_text(" ")
    except Exception as exc:  # the library raises bare errors on odd pages: an empty answer
        print(f"readability failed on {case['file']}: {exc}", file=sys.stderr)
        out["readability"] = ""
    return out


def evaluate(corpus: Path = CORPUS, compare: bool = True) -> dict:
    cases = load_cases(corpus)
    with tempfile.TemporaryDirectory(prefix="zhiku-eval-") as tmp:
        report = run_zhiku(corpus / "docs", Path(tmp))
        by_source = {d["source"]: d for d in report["documents"]}
        zhiku, html_zhiku = Scorer(), Scorer()
        others = {"trafilatura": Scorer(), "readability": Scorer()}
        kinds: dict[str, Scorer] = {}
        sets: dict[str, Scorer] = {}
        for case in cases:
            doc = by_source.get(case["file"])
            visible, body = ("", "") if doc is None else page_texts(Path(tmp) / "md" / doc["page"])
            zhiku.add(case, doc, visible, body)
            sets.setdefault(set_of(case), Scorer()).add(case, doc, visible, body)
            for kind in case.get("kinds") or ["unknown"]:
                kinds.setdefault(kind, Scorer()).add(case, doc, visible, body)
            if compare and HTML_KINDS & set(case.get("kinds") or []):
                html_zhiku._text(case, visible, body)
                raw = (corpus / "docs" / case["file"]).read_bytes()
                for name, text in extractor_texts(case, raw).items():
                    others[name]._text(case, text, text)
    result = {
        "documents": len(cases),
        "fields": {k: v.row() for k, v in zhiku.scores.items()},
        "events": {k: v.row() for k, v in zhiku.events.items()},
        "by_kind": {k: {f: s.scores[f].row()["recall"] for f in ("title", "date", "kept", "dropped")}
                    for k, s in sorted(kinds.items())},
        "sets": {name: {"documents": sum(1 for c in cases if set_of(c) == name),
                        "fields": {k: v.row() for k, v in scorer.scores.items()},
                        "events": {k: v.row() for k, v in scorer.events.items()}}
                 for name, scorer in sorted(sets.items())},
        "misses": {k: v.misses for k, v in {**zhiku.scores, "events": zhiku.events["all"]}.items()},
    }
    result["events"]["ceiling"] = candidate_ceiling(corpus).row()
    if compare:
        result["clean_text"] = {name: clean_text_row(s) for name, s in
                                (("zhiku", html_zhiku), *others.items())}
    return result


def candidate_ceiling(corpus: Path = CORPUS) -> Score:
    """The event scores with every candidate clause kept (bench/fit_events.py's "every
    clause kept": the same clauses the model is fitted on)."""
    from bench.fit_events import corpus_clauses   # it imports this module: loaded late

    scorer = Scorer()
    for case, clauses in corpus_clauses(corpus):
        scorer._events(case, {"events": [{"date": c["date"], "text": c["text"]} for c in clauses]})
    return scorer.events["all"]


def clean_text_row(scorer: Scorer) -> dict:
    kept, dropped = scorer.scores["kept"].recall, scorer.scores["dropped"].recall
    f1 = 2 * kept * dropped / (kept + dropped) if kept + dropped else 0.0
    return {"kept": round(kept, 4), "dropped": round(dropped, 4), "f1": round(f1, 4),
            "phrases": scorer.scores["kept"].expected + scorer.scores["dropped"].expected}


def print_table(result: dict, verbose: bool) -> None:
    print(f"corpus: {result['documents']} documents")
    print(f"{'field':16} {'precision':>9} {'recall':>7} {'right':>6} {'given':>6} {'expected':>8}")
    for name, row in [*result["fields"].items(), *(("events/" + k, v) for k, v in result["events"].items())]:
        print(f"{name:16} {row['precision']:9.3f} {row['recall']:7.3f} {row['right']:6} "
              f"{row['answered']:6} {row['expected']:8}")
    if "clean_text" in result:
        print("\nclean text on the saved pages (kept, dropped, F1):")
        for name, row in result["clean_text"].items():
            print(f"  {name:12} kept {row['kept']:.3f}  dropped {row['dropped']:.3f}  F1 {row['f1']:.3f}"
                  f"  ({row['phrases']} phrases)")
    print("\nby set (gathered independently; precision / recall):")
    for name, row in result["sets"].items():
        cells = [f"{f} {row['fields'][f]['precision']:.3f}/{row['fields'][f]['recall']:.3f}"
                 for f in ("title", "date", "kept", "dropped")]
        events = row["events"]["all"]
        print(f"  {name:3} {row['documents']:4} documents  " + "  ".join(cells) +
              f"  events {events['precision']:.3f}/{events['recall']:.3f}")
    print("\nrecall by kind (title, date, kept, dropped):")
    for kind, row in result["by_kind"].items():
        print(f"  {kind:14} " + "  ".join(f"{row[f]:.2f}" for f in ("title", "date", "kept", "dropped")))
    if verbose:
        for name, misses in result["misses"].items():
            if misses:
                print(f"\n{name} ({len(misses)}):")
                print("\n".join("  " + m for m in misses))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--no-compare", action="store_true", help="skip trafilatura and readability")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    result = evaluate(args.corpus, compare=not args.no_compare)
    print_table(result, args.verbose)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
