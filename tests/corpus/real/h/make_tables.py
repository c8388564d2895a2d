#!/usr/bin/env python3
# ruff: noqa  (the labellers' own scripts, kept as they wrote them)
"""Print the count tables used in README.md (from test.jsonl, test_denials.yaml and regions.yaml of the
folder it runs in: parts h, j and k run it)."""
import collections
import json

import yaml

den = yaml.safe_load(open('test_denials.yaml', encoding='utf-8'))['denials']
items = [json.loads(l) for l in open('test.jsonl', encoding='utf-8')]
per = {d['id']: collections.Counter() for d in den}
lper = {d['id']: collections.Counter() for d in den}
lang = collections.defaultdict(collections.Counter)
for it in items:
    d = it['near'] if it['hard_negative'] else it['label']['denial']
    v = 'neg' if it['hard_negative'] else it['label']['verdict']
    per[d][v] += 1
    lper[d][it['language']] += 1
    lang[it['language']][v] += 1
print('| id | who denied | what was denied (the claim) | date | region | match | contradict | mention | hard neg | all |')
print('|---|---|---|---|---|---|---|---|---|---|')
tot = collections.Counter()
region = yaml.safe_load(open('regions.yaml', encoding='utf-8'))  # this folder's
for d in den:
    c = per[d['id']]
    tot.update(c)
    claim = ' '.join(d['claim'].split())
    print(f"| `{d['id']}` | {d['source']} | {claim} | {d['date']} | {region[d['id']]} | {c['match']} | {c['contradict']} | {c['mention']} | {c['neg']} | {sum(c.values())} |")
print(f"| **total** | | | | | {tot['match']} | {tot['contradict']} | {tot['mention']} | {tot['neg']} | {sum(tot.values())} |")
en = sum(lang['en'].values())
print(f"\n{len(items)} items, {len(lang)} languages; hard negatives {tot['neg']} ({100*tot['neg']/len(items):.1f}%); English {en} ({100*en/len(items):.1f}%).\n")
print('| denial | languages (items) |')
print('|---|---|')
for d in den:
    print(f"| `{d['id']}` | " + ', '.join(f'{l} {n}' for l, n in lper[d['id']].most_common()) + ' |')
print('\n| language | items | match | contradict | mention | hard neg |')
print('|---|---|---|---|---|---|')
for l, c in sorted(lang.items(), key=lambda x: -sum(x[1].values())):
    print(f"| {l} | {sum(c.values())} | {c['match']} | {c['contradict']} | {c['mention']} | {c['neg']} |")

# date window relative to each rule's date (-7 .. +90 days), as in part e's README
import datetime as _dt
rd = {d['id']: _dt.date.fromisoformat(str(d['date'])) for d in den}
inside = outside = nodate = 0
for it in items:
    did = it['near'] if it['hard_negative'] else it['label']['denial']
    if not it['date']:
        nodate += 1
        continue
    delta = (_dt.date.fromisoformat(it['date']) - rd[did]).days
    if -7 <= delta <= 90:
        inside += 1
    else:
        outside += 1
print(f"\nDates relative to the rule date (-7..+90 days): {inside} inside, {outside} outside, {nodate} without a full date.")
