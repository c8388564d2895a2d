#!/usr/bin/env python3
# ruff: noqa  (the labellers' own scripts, kept as they wrote them)
"""Build test.jsonl from inbox/<denial-id>.txt (part f).

Each inbox file holds blocks for one denial (labelled items and the hard negatives `near` it):

    ### <url>
    date: <YYYY-MM-DD | stored | null>     (stored = take the tool's leading " date YYYY-MM-DD" marker)
    lang: <ISO 639-1>
    label: <match | contradict | mention | neg>
    title: <L1 | L2 | ... | slug | literal headline>
    note: <free text>
    text:
    <the page excerpt exactly as the search tool returned it, from its start>

Blocks run to the next '### ' line.  The tool's leading ' date YYYY-MM[-DD]' marker is metadata, not page
text: it is stripped (and used as the date when `date: stored` and it is a full date).  The text is cut at the
last whitespace at or before 1,500 characters.  Ids rf-001... are given in rule order, then file order.
"""
import json
import urllib.parse
import os
import re

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
LIMIT = 1500


def cut(text):
    text = text.strip()
    if len(text) <= LIMIT:
        return text
    head = text[:LIMIT + 1]
    m = max(head.rfind(' '), head.rfind('\n'))
    return text[:m].rstrip()


def slug_title(url):
    path = urllib.parse.unquote(re.sub(r'[?#].*$', '', url)).rstrip('/')
    parts = [p for p in path.split('/')[3:] if p]
    best = ''
    for p in reversed(parts):
        p = re.sub(r'\.(html?|php|aspx?|ece|shtml|cms|ghtml|htm)$', '', p)
        words = re.split(r'[-_+,]+', p)
        words = [w for w in words if w and w.lower() != 'amp' and not re.fullmatch(r'[\d.]+', w)
                 and not re.fullmatch(r'[0-9a-f]{8,}', w) and not re.fullmatch(r'(?=.*\d)(?=.*[a-zA-Z])[A-Za-z0-9]{6,}', w)]
        while words and len(words[-1]) == 1 and words[-1].isascii():
            words.pop()
        if len(words) >= 3:
            best = ' '.join(words)
            break
    return best


def parse(path):
    blocks = []
    cur = None
    for line in open(path, encoding='utf-8').read().split('\n'):
        if line.startswith('### '):
            cur = {'url': line[4:].strip(), 'lines': [], 'intext': False}
            blocks.append(cur)
            continue
        if cur is None:
            continue
        if cur['intext']:
            cur['lines'].append(line)
            continue
        if line.strip() == 'text:':
            cur['intext'] = True
            continue
        if ':' in line:
            k, v = line.split(':', 1)
            cur[k.strip()] = v.strip()
    return blocks


def main():
    denials = yaml.safe_load(open(os.path.join(HERE, 'test_denials.yaml'), encoding='utf-8'))['denials']
    out = []
    n = 0
    for d in denials:
        p = os.path.join(HERE, 'inbox', d['id'] + '.txt')
        if not os.path.exists(p):
            continue
        for b in parse(p):
            raw = '\n'.join(b['lines']).strip('\n')
            stored = None
            m = re.match(r'^\s*date (\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*', raw)
            if m:
                stored = m.group(1)
                raw = raw[m.end():]
            text = cut(raw)
            ds = b.get('date', 'stored')
            if ds == 'stored':
                date = stored if stored and len(stored) == 10 else None
            elif ds in ('null', '', 'none'):
                date = None
            else:
                date = ds
            t = b.get('title', 'L1')
            lines = [l.strip() for l in text.split('\n') if l.strip()]
            if re.fullmatch(r'L\d+', t):
                title = lines[int(t[1:]) - 1]
            elif t == 'slug':
                title = slug_title(b['url'])
            else:
                title = t
            lab = b['label']
            n += 1
            if lab == 'neg':
                label, hn, near = {'denial': None, 'verdict': None}, True, d['id']
            else:
                assert lab in ('match', 'contradict', 'mention'), (b['url'], lab)
                label, hn, near = {'denial': d['id'], 'verdict': lab}, False, None
            out.append({'id': f'rf-{n:03d}', 'title': title, 'text': text, 'url': b['url'], 'date': date,
                        'language': b['lang'], 'label': label, 'hard_negative': hn, 'near': near,
                        'note': b.get('note') or None})
    with open(os.path.join(HERE, 'test.jsonl'), 'w', encoding='utf-8') as f:
        for it in out:
            f.write(json.dumps(it, ensure_ascii=False) + '\n')
    print(f'{len(out)} items written')


if __name__ == '__main__':
    main()
