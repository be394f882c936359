"""Throwaway check for the a-* corpus labels (issue 13).

For every tests/corpus/expected/a-*.yaml: decode the raw file with the
stated encoding and check that each must_keep phrase and each event phrase
occurs inside one text node (outside markup, scripts and styles for HTML),
that each must_drop string occurs somewhere in the decoded file (raw or
with character references resolved), and that
the required fields have the documented shape.  Prints one line per
problem and exits 1 when there is any.

Usage: python tests/corpus/check_phrases_a.py [name-glob]
"""
import html
import pathlib
import re
import sys

import yaml
from bs4 import BeautifulSoup, Comment

ROOT = pathlib.Path(__file__).resolve().parent
KINDS = {'saved-page', 'forum', 'wechat', 'encyclopedia', 'clip', 'front-matter',
         'plain-text', 'traditional', 'non-utf8', 'negative'}
TAGS = {'double-11', 'winter-olympics', 'service-ecosystem', '618', 'tmall', 'taobao',
        'alibaba-cloud', 'live-commerce', 'globalization', 'omnichannel', 'data-driven',
        'philanthropy'}
DATE = re.compile(r'^\d{4}(-\d{2}(-\d{2})?)?$')
PROV = re.compile(r'^[\w.-]+/[\w.-]+:.+@[0-9a-f]{40}$')


def text_nodes(raw_text, is_html):
    if not is_html:
        return [raw_text]
    soup = BeautifulSoup(raw_text, 'lxml')
    for tag in soup(['script', 'style', 'noscript', 'template']):
        tag.decompose()
    return [str(s) for s in soup.find_all(string=True) if not isinstance(s, Comment)]


def check(path):
    problems = []
    try:
        spec = yaml.safe_load(path.read_text(encoding='utf-8'))
    except yaml.YAMLError as exc:
        return [f'not valid YAML: {exc}'.replace('\n', ' ')]
    doc = ROOT / 'docs' / spec['file']
    if path.stem != doc.stem:
        problems.append('file name does not match the yaml name')
    if not doc.exists():
        return [f'missing document {doc.name}']
    if not PROV.match(str(spec.get('provenance', ''))):
        problems.append(f"provenance not owner/repo:path@commit: {spec.get('provenance')}")
    bad_kinds = set(spec.get('kinds') or []) - KINDS
    if bad_kinds:
        problems.append(f'unknown kinds {sorted(bad_kinds)}')
    date = spec.get('date')
    if date is not None and not DATE.match(str(date)):
        problems.append(f'bad date {date!r}')
    tags = spec.get('tags') or {}
    for key in ('required', 'forbidden'):
        bad = set(map(str, tags.get(key) or [])) - TAGS
        if bad:
            problems.append(f'unknown tags in {key}: {sorted(bad)}')
    if set(map(str, tags.get('required') or [])) & set(map(str, tags.get('forbidden') or [])):
        problems.append('a tag is both required and forbidden')
    raw = doc.read_bytes()
    try:
        text = raw.decode(spec['encoding'])
    except (UnicodeDecodeError, LookupError) as exc:
        return problems + [f"does not decode as {spec['encoding']}: {exc}"]
    is_html = doc.suffix in ('.html', '.htm')
    nodes = text_nodes(text, is_html)
    for key in ('must_keep', 'must_drop'):
        odd = [p for p in spec.get(key) or [] if not isinstance(p, str)]
        if odd:
            return problems + [f'{key} entries that are not strings (quote them): {odd}']
    keep = spec.get('must_keep') or []
    if not 3 <= len(keep) <= 6:
        problems.append(f'{len(keep)} must_keep phrases (want 3-6)')
    for phrase in keep:
        if not 8 <= len(phrase) <= 25:
            problems.append(f'must_keep length {len(phrase)}: {phrase}')
        if not any(phrase in node for node in nodes):
            problems.append(f'must_keep not in one text node: {phrase}')
    drop = spec.get('must_drop') or []
    if not 3 <= len(drop) <= 10:
        problems.append(f'{len(drop)} must_drop strings (want 3-10)')
    shown = html.unescape(text)
    for phrase in drop:
        if phrase not in text and phrase not in shown:
            problems.append(f'must_drop not in file: {phrase}')
        if any(phrase in k or k in phrase for k in keep):
            problems.append(f'must_drop overlaps must_keep: {phrase}')
    for event in spec.get('events') or []:
        if not isinstance(event.get('phrase'), str) or not isinstance(event.get('date'), str):
            problems.append(f'event date and phrase must be strings (quote them): {event}')
            continue
        if not DATE.match(str(event.get('date'))):
            problems.append(f'bad event date {event}')
        want = {4: 'year', 7: 'month', 10: 'day'}[len(str(event['date']))]
        if event.get('precision') != want:
            problems.append(f'precision does not fit date: {event}')
        if not 4 <= len(event['phrase']) <= 15:
            problems.append(f"event phrase length {len(event['phrase'])}: {event['phrase']}")
        if not any(event['phrase'] in node for node in nodes):
            problems.append(f"event phrase not in one text node: {event['phrase']}")
    for item in spec.get('not_events') or []:
        if not isinstance(item.get('phrase'), str):
            problems.append(f"not_event phrase is not a string (quote it): {item}")
            continue
        if item['phrase'] not in text and item['phrase'] not in shown:
            problems.append(f"not_event phrase not in file: {item['phrase']}")
    return problems


def main():
    pattern = sys.argv[1] if len(sys.argv) > 1 else 'a-*'
    failed = 0
    files = sorted((ROOT / 'expected').glob(pattern + '.yaml'))
    for path in files:
        problems = check(path)
        for problem in problems:
            print(f'{path.name}: {problem}')
        failed += bool(problems)
    print(f'{len(files)} checked, {failed} with problems')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
