"""Repairs of conversion artefacts OpenCC keeps, from `generator/data/script_repairs.yml`.

Each rule set compiles to one regular expression (keep words first, then the rules), so
a whole document is repaired in one pass and a keep word always wins at its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .textops import load_data_yaml

REPAIRS_FILE = "script_repairs.yml"


@dataclass(frozen=True)
class RepairSet:
    pattern: re.Pattern[str]
    replacements: dict[str, str]  # regex group name -> replacement
    # The rules without the keep words: where it finds nothing, nothing is repaired, and
    # the keep words (many in a long text, each a Python call in `sub`) need no scan.
    probe: re.Pattern[str] | None = None

    def apply(self, text: str) -> tuple[str, int]:
        """(repaired text, number of repairs made)."""
        if self.probe is not None and not self.probe.search(text):
            return text, 0
        count = 0

        def substitute(m: re.Match[str]) -> str:
            nonlocal count
            if m.lastgroup == "keep":
                return m.group()
            count += 1
            return self.replacements[m.lastgroup]

        return self.pattern.sub(substitute, text), count


@lru_cache(maxsize=None)
def repair_sets() -> dict[str, RepairSet]:
    """{"artefacts": ..., "after_tw2s": ...} compiled from the data file."""
    text = resources.files("generator.data").joinpath(REPAIRS_FILE).read_text(encoding="utf-8")
    data = load_data_yaml(text) or {}
    return {name: compile_rules(rules or []) for name, rules in data.items()}


def compile_rules(rules: list[dict]) -> RepairSet:
    """One alternation: (?P<keep>keep words) | (?P<r0>rule 0) | (?P<r1>rule 1) ..."""
    keep = sorted({str(w) for r in rules for w in r.get("keep", ())}, key=lambda w: (-len(w), w))
    parts = [f"(?P<keep>{'|'.join(map(re.escape, keep))})"] if keep else []
    replacements = {}
    for i, rule in enumerate(rules):
        parts.append(f"(?P<r{i}>{_rule_regex(rule)})")
        replacements[f"r{i}"] = str(rule["replace"])
    if not parts:
        return RepairSet(re.compile(r"(?!)"), replacements)
    # Every match starts with the first character of a keep word or of a `find`; testing
    # that class first makes the scan ~50x faster than trying each alternative everywhere.
    starts = sorted({w[0] for w in keep} | {str(r["find"])[0] for r in rules})
    first = "".join(map(re.escape, starts))
    rule_parts = parts[1:] if keep else parts
    rule_first = "".join(map(re.escape, sorted({str(r["find"])[0] for r in rules})))
    probe = re.compile(f"(?=[{rule_first}])(?:{'|'.join(rule_parts)})") if rule_parts else re.compile(r"(?!)")
    return RepairSet(re.compile(f"(?=[{first}])(?:{'|'.join(parts)})"), replacements, probe)


def _rule_regex(rule: dict) -> str:
    find = re.escape(str(rule["find"]))
    after = [str(a) for a in rule.get("after", ())]
    before = [str(b) for b in rule.get("before", ())]
    if not after and not before:
        return find
    # A lookbehind must have a fixed width, so each context gets its own.
    alternatives = [f"(?<={re.escape(a)}){find}" for a in after]
    if before:
        alternatives.append(f"{find}(?={'|'.join(map(re.escape, before))})")
    return "(?:" + "|".join(alternatives) + ")"
