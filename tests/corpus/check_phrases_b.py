"""Throwaway checker for the b- corpus expectations (not a test).

For every tests/corpus/expected/b-*.yaml: decode the raw file with the declared
encoding (strictly), then check that every must_keep / must_drop / event /
not_event phrase occurs in it, that the file, provenance and kinds look right,
and that must_keep phrases are 8-25 characters long.

Run: /work/main/.venv/bin/python tests/corpus/check_phrases_b.py
"""

import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {"saved-page", "forum", "wechat", "encyclopedia", "clip", "front-matter",
         "plain-text", "traditional", "non-utf8", "negative"}
TAGS = {"double-11", "winter-olympics", "service-ecosystem", "618", "tmall", "taobao",
        "alibaba-cloud", "live-commerce", "globalization", "omnichannel", "data-driven",
        "philanthropy"}
PROV = re.compile(r"^[\w.-]+/[\w.-]+:.+@[0-9a-f]{40}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check(path):
    problems = []
    exp = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw_path = HERE / "docs" / exp["file"]
    if exp["file"] != path.stem + raw_path.suffix:
        problems.append("file name does not match the yaml name")
    if not raw_path.exists():
        return [f"missing raw file {raw_path.name}"]
    data = raw_path.read_bytes()
    try:
        text = data.decode(exp["encoding"])
    except (UnicodeDecodeError, LookupError) as err:
        return [f"does not decode as {exp['encoding']}: {err}"]
    if exp["encoding"] != "utf-8":
        try:
            data.decode("utf-8")
            problems.append("declared non-utf-8 but decodes as utf-8")
        except UnicodeDecodeError:
            pass
    if not PROV.match(str(exp.get("provenance", ""))):
        problems.append(f"bad provenance {exp.get('provenance')!r}")
    bad_kinds = set(exp.get("kinds") or []) - KINDS
    if bad_kinds:
        problems.append(f"unknown kinds {sorted(bad_kinds)}")
    date = exp.get("date")
    if date is not None and not DATE.match(str(date)):
        problems.append(f"bad date {date!r}")
    tags = exp.get("tags") or {}
    for key in ("required", "forbidden"):
        bad = {str(t) for t in (tags.get(key) or [])} - TAGS
        if bad:
            problems.append(f"unknown {key} tags {sorted(bad)}")
    if set(map(str, tags.get("required") or [])) & set(map(str, tags.get("forbidden") or [])):
        problems.append("a tag is both required and forbidden")
    if "negative" in (exp.get("kinds") or []) and not tags.get("forbidden"):
        problems.append("negative without forbidden tags")
    keep = exp.get("must_keep") or []
    if len(keep) < 3:
        problems.append("fewer than 3 must_keep phrases")
    for phrase in keep:
        if not 8 <= len(phrase) <= 25:
            problems.append(f"must_keep length {len(phrase)}: {phrase!r}")
        if phrase not in text:
            problems.append(f"must_keep not found: {phrase!r}")
    for phrase in exp.get("must_drop") or []:
        if phrase not in text:
            problems.append(f"must_drop not found: {phrase!r}")
    for event in exp.get("events") or []:
        if event["phrase"] not in text:
            problems.append(f"event phrase not found: {event['phrase']!r}")
        if not 4 <= len(event["phrase"]) <= 20:
            problems.append(f"event phrase length {len(event['phrase'])}: {event['phrase']!r}")
        if not DATE.match(str(event["date"])):
            problems.append(f"bad event date {event['date']!r}")
        if event.get("precision") not in ("day", "month", "year"):
            problems.append(f"bad precision in {event!r}")
    for item in exp.get("not_events") or []:
        if item["phrase"] not in text:
            problems.append(f"not_event phrase not found: {item['phrase']!r}")
    if exp.get("title") is not None and str(exp["title"]) not in text:
        problems.append(f"title not found verbatim: {exp['title']!r}")
    return problems


def main():
    failed = 0
    files = sorted((HERE / "expected").glob("b-*.yaml"))
    for path in files:
        try:
            problems = check(path)
        except Exception as err:  # a broken yaml should not hide the others
            problems = [f"{type(err).__name__}: {err}"]
        for problem in problems:
            print(f"{path.name}: {problem}")
        failed += bool(problems)
    print(f"{len(files)} files, {failed} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
