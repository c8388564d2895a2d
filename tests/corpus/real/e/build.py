#!/usr/bin/env python3
# ruff: noqa  (the labellers' own scripts, kept as they wrote them)
"""Build test.jsonl from inbox/*.txt (part e, prefix re-).

Inbox format: one block per item
    @@ url | date | lang | label | title | note
    <page text as the search tool returned it, from its start>
date: YYYY-MM-DD, or '-' (use the tool's ' date YYYY-MM-DD' prefix if present, else null).
label: m (match), c (contradict), x (mention), n (hard negative near this file's denial),
       n:<id> (hard negative near another denial).
title: L1/L2.. (that non-empty line of the text), slug (URL slug words), or a literal title.
Files are read in the order of the rules in test_denials.yaml; ids are numbered in that order.
"""
import json
import re
import sys
from pathlib import Path

import yaml

# the part's folder: this one, or the one given (part h runs `python3 ../e/build.py .`); ids are
# 'r' + the folder's name + '-' (re-, rh-)
HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent
PREFIX = f'r{HERE.name}'
VMAP = {'m': 'match', 'c': 'contradict', 'x': 'mention'}
DATE_PREFIX = re.compile(r'^\s*date (\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*')


def _slug_words(seg):
    seg = re.sub(r'\.(html?|php|aspx?|shtml|cms)$', '', seg)
    keep = []
    for w in re.split(r'[-_+\s,.]+', seg):
        if not w or w.lower() in ('amp', 'www', 'html', 'htm', 'php', 'shtml'):
            continue
        if re.fullmatch(r'\d{5,}', w) or re.fullmatch(r'[0-9a-f]{8,}', w):
            continue
        if re.search(r'\d', w) and re.search(r'[A-Za-z]', w):
            continue
        if re.fullmatch(r'[A-Z0-9]{12,}', w):
            continue
        keep.append(w)
    return keep


def slug_title(url):
    """Title from the URL path: the last path segment that has 3+ words after dropping ids."""
    from urllib.parse import unquote
    path = unquote(re.sub(r'[?#].*$', '', url)).rstrip('/')
    segs = path.split('/')[3:]
    best = []
    for seg in reversed(segs):
        words = _slug_words(seg)
        if len(words) >= 3:
            return ' '.join(words)
        if len(words) > len(best):
            best = words
    return ' '.join(best)


def cut(text, n=1500):
    text = text.strip()
    if len(text) <= n:
        return text
    i = text.rfind(' ', 0, n + 1)
    j = text.rfind('\n', 0, n + 1)
    k = max(i, j)
    return text[:k].rstrip()


def parse(path):
    blocks, cur = [], None
    for line in path.read_text(encoding='utf-8').split('\n'):
        if line.startswith('@@ '):
            if cur:
                blocks.append(cur)
            cur = {'head': line[3:], 'lines': []}
        elif cur is not None:
            cur['lines'].append(line)
    if cur:
        blocks.append(cur)
    return blocks


def main():
    dids = [d['id'] for d in yaml.safe_load(open(HERE / 'test_denials.yaml', encoding='utf-8'))['denials']]
    items, n = [], 0
    for did in dids:
        for f in sorted((HERE / 'inbox').glob(f'{did}*.txt')):
            for b in parse(f):
                parts = [p.strip() for p in b['head'].split(' | ')]
                if len(parts) != 6:
                    sys.exit(f'{f.name}: bad header {b["head"]!r}')
                url, date, lang, lab, title, note = parts
                text = '\n'.join(b['lines']).strip('\n')
                m = DATE_PREFIX.match(text)
                stored = None
                if m:
                    stored = m.group(1)
                    text = text[m.end():]
                text = text.strip()
                if date == '-':
                    date = stored
                if date and not re.fullmatch(r'\d{4}-\d{2}-\d{2}', date):
                    note = (note + '; ' if note else '') + f'date known only as {date}'
                    date = None
                lines = [l.strip() for l in text.split('\n') if l.strip()]
                if re.fullmatch(r'L\d+', title):
                    t = lines[int(title[1:]) - 1]
                    t = re.sub(r'^[#*\s]+|[*\s]+$', '', t)
                elif title == 'slug':
                    t = slug_title(url)
                else:
                    t = title
                n += 1
                if lab.startswith('n'):
                    near = lab.split(':', 1)[1] if ':' in lab else did
                    label, hn = {'denial': None, 'verdict': None}, True
                else:
                    label, hn, near = {'denial': did, 'verdict': VMAP[lab]}, False, None
                items.append({'id': f'{PREFIX}-{n:03d}', 'title': t, 'text': cut(text), 'url': url,
                              'date': date, 'language': lang, 'label': label,
                              'hard_negative': hn, 'near': near, 'note': note or None})
    with open(HERE / 'test.jsonl', 'w', encoding='utf-8') as fh:
        for it in items:
            fh.write(json.dumps(it, ensure_ascii=False) + '\n')
    print(f'{len(items)} items written')


if __name__ == '__main__':
    main()
