#!/usr/bin/env python3
# ruff: noqa  (the labellers' own scripts, kept as they wrote them)
"""Build test.jsonl from inbox/*.txt (part g, prefix rg-).

Inbox format, one block per item:

    @@ <url>
    d: <date YYYY-MM-DD or -> | l: <iso639-1> | v: <verdict>:<denial-id> or neg:<near-id> | t: <title rule> | n: <note>
    <page text, verbatim, as many lines as needed>

Title rule: `L1`, `L2`, ... = that non-empty line of the text; `slug` = words of the URL's last
path segment (ids removed); `=<literal>` = a headline copied from the page (or literal slug words).
Text: the leading ` date YYYY-MM-DD` marker of the search tool is not part of the page and is
not copied; the text is cut at the last whitespace at or before 1,500 characters (most inbox
texts were already copied only up to an earlier word or sentence boundary).
Ids are numbered rg-001... in the order of the inbox files (sorted) and the blocks inside them.
"""
import glob
import json
import os
import re
import urllib.parse

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
LIMIT = 1500


def cut(text):
    text = text.strip()
    if len(text) <= LIMIT:
        return text
    i = LIMIT
    while i > 0 and not text[i].isspace():
        i -= 1
    return text[:i].rstrip()


def slug_words(seg):
    seg = re.sub(r'\.[A-Za-z]{2,5}$', '', seg)
    seg = urllib.parse.unquote(seg)
    out = []
    for w in re.split(r'[-_+]+', seg):
        if not w or w == 'amp':
            continue
        if re.fullmatch(r'\d{5,}', w) or re.fullmatch(r'[0-9a-f]{8,}', w) or re.fullmatch(r'(?=.*\d)[a-z0-9]{6,}', w):
            continue
        out.append(w)
    return out


def slug_title(url):
    """Words of the last path segment that has any (segments that are only ids are skipped)."""
    path = urllib.parse.urlparse(url).path.rstrip('/')
    for seg in reversed(path.split('/')):
        words = slug_words(seg)
        if len(words) >= 2:
            return ' '.join(words)
    return ''


def parse(path):
    blocks = []
    cur = None
    for line in open(path, encoding='utf-8').read().split('\n'):
        if line.startswith('@@ '):
            if cur:
                blocks.append(cur)
            cur = {'url': line[3:].strip(), 'head': None, 'lines': []}
        elif cur is not None and cur['head'] is None:
            cur['head'] = line
        elif cur is not None:
            cur['lines'].append(line)
    if cur:
        blocks.append(cur)
    return blocks


def main():
    denials = yaml.safe_load(open(os.path.join(HERE, 'test_denials.yaml'), encoding='utf-8'))['denials']
    order = [d['id'] for d in denials]
    files = sorted(glob.glob(os.path.join(HERE, 'inbox', '*.txt')))
    items = []
    for f in files:
        for b in parse(f):
            head = {k.strip(): v.strip() for k, _, v in (p.partition(':') for p in b['head'].split(' | '))}
            text = '\n'.join(b['lines']).strip()
            text = cut(text)
            t = head['t']
            if re.fullmatch(r'L\d+', t):
                nonempty = [x.strip() for x in text.split('\n') if x.strip()]
                title = nonempty[int(t[1:]) - 1]
            elif t == 'slug':
                title = slug_title(b['url'])
            elif t.startswith('='):
                title = t[1:].strip()
            else:
                raise SystemExit(f'bad title rule {t!r} in {f}: {b["url"]}')
            v = head['v']
            kind, did = v.split(':', 1)
            if did not in order:
                raise SystemExit(f'unknown denial {did} in {f}')
            if kind == 'neg':
                label, hn, near = {'denial': None, 'verdict': None}, True, did
            else:
                label, hn, near = {'denial': did, 'verdict': kind}, False, None
            date = None if head['d'] == '-' else head['d']
            items.append({
                'id': None, 'title': title, 'text': text, 'url': b['url'], 'date': date,
                'language': head['l'], 'label': label, 'hard_negative': hn, 'near': near,
                'note': head.get('n') or None,
            })
    for n, it in enumerate(items, 1):
        it['id'] = f'rg-{n:03d}'
    with open(os.path.join(HERE, 'test.jsonl'), 'w', encoding='utf-8') as out:
        for it in items:
            out.write(json.dumps(it, ensure_ascii=False) + '\n')
    print(f'wrote {len(items)} items')


if __name__ == '__main__':
    main()
