#!/usr/bin/env python3
# ruff: noqa  (the labellers' own scripts, kept as they wrote them)
"""Regenerate the tables between <!-- COUNTS --> and <!-- /COUNTS --> in README.md from the data."""
import collections
import datetime
import json
import os
import re

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    denials = yaml.safe_load(open(os.path.join(HERE, 'test_denials.yaml'), encoding='utf-8'))['denials']
    items = [json.loads(l) for l in open(os.path.join(HERE, 'test.jsonl'), encoding='utf-8')]
    region = {
        'ru-navalny-novichok-2020': 'Russia',
        'by-ryanair-diversion-2021': 'Belarus',
        'uk-gchq-trump-wiretap-2017': 'Western Europe (UK) / US',
        'es-melilla-deaths-2022': 'Western Europe (Spain) / Morocco; police violence',
        'ge-saakashvili-poisoning': 'Caucasus (Georgia)',
        'ge-election-fraud-2024': 'Caucasus (Georgia); elections',
        'az-elderly-efficacy-2021': 'Vaccines (company + German ministry)',
        'nestle-maggi-lead-2015': 'Food safety (company), India',
    }
    per = collections.OrderedDict((d['id'], collections.Counter()) for d in denials)
    langs_per = collections.OrderedDict((d['id'], collections.Counter()) for d in denials)
    lang = collections.defaultdict(collections.Counter)
    win = collections.OrderedDict((d['id'], collections.Counter()) for d in denials)
    ddate = {d['id']: datetime.date.fromisoformat(str(d['date'])) for d in denials}
    for it in items:
        did = it['near'] if it['hard_negative'] else it['label']['denial']
        v = 'hard_neg' if it['hard_negative'] else it['label']['verdict']
        per[did][v] += 1
        langs_per[did][it['language']] += 1
        lang[it['language']][v] += 1
        if it['date'] is None:
            win[did]['null'] += 1
        else:
            delta = (datetime.date.fromisoformat(it['date']) - ddate[did]).days
            win[did]['in' if -7 <= delta <= 90 else 'out'] += 1
    out = []
    out.append('| id | who denied | what was denied (the claim) | date | region/topic | match | contradict | mention | hard neg | all |')
    out.append('|---|---|---|---|---|---|---|---|---|---|')
    tot = collections.Counter()
    for d in denials:
        c = per[d['id']]
        tot.update(c)
        claim = ' '.join(d['claim'].split())
        out.append(f"| `{d['id']}` | {d['source']} | {claim} | {d['date']} | {region[d['id']]} | "
                   f"{c['match']} | {c['contradict']} | {c['mention']} | {c['hard_neg']} | {sum(c.values())} |")
    n = len(items)
    out.append(f"| **total** | | | | | {tot['match']} | {tot['contradict']} | {tot['mention']} | {tot['hard_neg']} | {n} |")
    out.append('')
    out.append(f"{n} items, {len(lang)} languages; match {100*tot['match']/n:.1f} %, contradict "
               f"{100*tot['contradict']/n:.1f} %, mention {100*tot['mention']/n:.1f} %, hard negatives "
               f"{100*tot['hard_neg']/n:.1f} %; English {sum(lang['en'].values())} ({100*sum(lang['en'].values())/n:.1f} %).")
    out.append('')
    out.append('| denial | languages (items) |')
    out.append('|---|---|')
    for d in denials:
        out.append(f"| `{d['id']}` | " + ', '.join(f'{l} {k}' for l, k in langs_per[d['id']].most_common()) + ' |')
    out.append('')
    out.append('| language | items | match | contradict | mention | hard neg |')
    out.append('|---|---|---|---|---|---|')
    for l, c in sorted(lang.items(), key=lambda x: -sum(x[1].values())):
        out.append(f"| {l} | {sum(c.values())} | {c['match']} | {c['contradict']} | {c['mention']} | {c['hard_neg']} |")
    out.append('')
    out.append('Items dated within the default window of the denial date (−7 … +90 days) / outside / without date:')
    out.append('')
    out.append('| denial | inside | outside | no date |')
    out.append('|---|---|---|---|')
    for d in denials:
        w = win[d['id']]
        out.append(f"| `{d['id']}` | {w['in']} | {w['out']} | {w['null']} |")
    block = '\n'.join(out)
    path = os.path.join(HERE, 'README.md')
    text = open(path, encoding='utf-8').read()
    text = re.sub(r'<!-- COUNTS -->.*<!-- /COUNTS -->', '<!-- COUNTS -->\n' + block + '\n<!-- /COUNTS -->', text, flags=re.S)
    open(path, 'w', encoding='utf-8').write(text)
    print('README tables updated')


if __name__ == '__main__':
    main()
