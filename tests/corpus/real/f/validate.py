#!/usr/bin/env python3
# ruff: noqa  (the labellers' own check, kept as they wrote it)
"""Validate test.jsonl (in this folder) against test_denials.yaml and print counts."""
import collections
import json
import sys

import yaml

KEYS = ['id', 'title', 'text', 'url', 'date', 'language', 'label', 'hard_negative', 'near', 'note']
VERDICTS = {'match', 'contradict', 'mention'}

def main(path='test.jsonl', dpath='test_denials.yaml'):
    denials = yaml.safe_load(open(dpath, encoding='utf-8'))['denials']
    dids = [d['id'] for d in denials]
    errors = []
    if len(set(dids)) != len(dids):
        errors.append('duplicate denial ids')
    for d in denials:
        for k in ('id', 'title', 'claim', 'source', 'date', 'url', 'entities', 'keywords', 'min_entities'):
            if k not in d:
                errors.append(f'denial {d.get("id")}: missing {k}')
        if not any(e.get('role') == 'denier' for e in d.get('entities', [])):
            errors.append(f'denial {d["id"]}: no denier entity')
        kwlangs = d.get('keywords')
    items = [json.loads(l) for l in open(path, encoding='utf-8')]
    ids, urls, texts = set(), collections.Counter(), collections.Counter()
    for it in items:
        i = it.get('id')
        if list(it.keys()) != KEYS:
            errors.append(f'{i}: keys {list(it.keys())}')
        if i in ids:
            errors.append(f'{i}: duplicate id')
        ids.add(i)
        urls[it['url']] += 1
        texts[it['text']] += 1
        if not isinstance(it['title'], str) or not it['title'].strip():
            errors.append(f'{i}: empty title')
        if not isinstance(it['text'], str) or not it['text'].strip():
            errors.append(f'{i}: empty text')
        if len(it['text']) > 1500:
            errors.append(f'{i}: text {len(it["text"])} > 1500')
        if it['date'] is not None and not (len(it['date']) == 10 and it['date'][4] == '-' and it['date'][7] == '-'):
            errors.append(f'{i}: bad date {it["date"]}')
        if not (isinstance(it['language'], str) and len(it['language']) == 2):
            errors.append(f'{i}: bad language {it["language"]}')
        if not it['url'].startswith(('http://', 'https://')):
            errors.append(f'{i}: url not http(s)')
        lab = it['label']
        if not isinstance(lab, dict) or set(lab) != {'denial', 'verdict'}:
            errors.append(f'{i}: bad label {lab}')
            continue
        if it['hard_negative']:
            if lab != {'denial': None, 'verdict': None}:
                errors.append(f'{i}: hard negative with a label')
            if it['near'] not in dids:
                errors.append(f'{i}: near {it["near"]} not a denial')
        else:
            if lab['denial'] not in dids:
                errors.append(f'{i}: denial {lab["denial"]} unknown')
            if lab['verdict'] not in VERDICTS:
                errors.append(f'{i}: verdict {lab["verdict"]}')
            if it['near'] is not None:
                errors.append(f'{i}: near set on a labelled item')
        if it['note'] is not None and not isinstance(it['note'], str):
            errors.append(f'{i}: note not a string')
    for u, n in urls.items():
        if n > 1:
            errors.append(f'duplicate url ({n}x): {u}')
    for t, n in texts.items():
        if n > 1:
            errors.append(f'duplicate text ({n}x): {t[:60]!r}')
    # counts
    per = collections.OrderedDict((d, collections.Counter()) for d in dids)
    langs_per = collections.OrderedDict((d, collections.Counter()) for d in dids)
    langs = collections.Counter()
    for it in items:
        d = it['near'] if it['hard_negative'] else it['label']['denial']
        v = 'hard_neg' if it['hard_negative'] else it['label']['verdict']
        per[d][v] += 1
        langs_per[d][it['language']] += 1
        langs[it['language']] += 1
    print(f'items: {len(items)}  denials: {len(dids)}  languages: {len(langs)}')
    tot = collections.Counter()
    print(f'{"denial":32} {"match":>5} {"contr":>5} {"ment":>5} {"neg":>5} {"all":>5}  languages')
    for d, c in per.items():
        tot.update(c)
        ls = ', '.join(f'{l} {n}' for l, n in langs_per[d].most_common())
        print(f'{d:32} {c["match"]:5} {c["contradict"]:5} {c["mention"]:5} {c["hard_neg"]:5} {sum(c.values()):5}  {ls}')
    print(f'{"total":32} {tot["match"]:5} {tot["contradict"]:5} {tot["mention"]:5} {tot["hard_neg"]:5} {sum(tot.values()):5}')
    print(f'hard negatives: {100*tot["hard_neg"]/len(items):.1f}%')
    print('languages:', ', '.join(f'{l} {n}' for l, n in langs.most_common()))
    print('max text length:', max(len(it['text']) for it in items))
    if errors:
        print(f'ERRORS ({len(errors)}):')
        for e in errors:
            print(' ', e)
        sys.exit(1)
    print('OK: ids unique, texts <= 1500 chars, labels valid, every referenced denial exists')

if __name__ == '__main__':
    main(*sys.argv[1:])
