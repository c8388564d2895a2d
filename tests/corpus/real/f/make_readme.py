#!/usr/bin/env python3
# ruff: noqa  (the labellers' own scripts, kept as they wrote them)
"""Regenerate the count tables in README.md (between <!-- COUNTS --> and <!-- /COUNTS -->)."""
import collections
import datetime
import json
import os
import re

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = {
    'mm-rohingya-ethnic-cleansing': 'Southeast Asia (Myanmar)',
    'id-kanjuruhan-tear-gas': 'Southeast Asia (Indonesia)',
    'tw-gold-apollo-pagers': 'East Asia (Taiwan) / Lebanon; company',
    'cn-xinjiang-camps': 'East Asia (China)',
    'qa-qatargate-bribery': 'Gulf (Qatar) / EU',
    'il-white-phosphorus-gaza-2023': 'Middle East (Israel/Gaza)',
    'kaspersky-russian-spying-2017': 'technology/company (Russia/US)',
    'fb-microphone-ads': 'technology/company (US)',
}


def main():
    den = yaml.safe_load(open(os.path.join(HERE, 'test_denials.yaml'), encoding='utf-8'))['denials']
    items = [json.loads(l) for l in open(os.path.join(HERE, 'test.jsonl'), encoding='utf-8')]
    per = collections.OrderedDict((d['id'], collections.Counter()) for d in den)
    lper = collections.OrderedDict((d['id'], collections.Counter()) for d in den)
    lang = collections.Counter()
    lv = collections.defaultdict(collections.Counter)
    win = collections.OrderedDict((d['id'], collections.Counter()) for d in den)
    ddate = {d['id']: datetime.date.fromisoformat(str(d['date'])) for d in den}
    for it in items:
        did = it['near'] if it['hard_negative'] else it['label']['denial']
        v = 'neg' if it['hard_negative'] else it['label']['verdict']
        per[did][v] += 1
        lper[did][it['language']] += 1
        lang[it['language']] += 1
        lv[it['language']][v] += 1
        if it['date'] is None:
            win[did]['null'] += 1
        else:
            delta = (datetime.date.fromisoformat(it['date']) - ddate[did]).days
            win[did]['in' if -7 <= delta <= 90 else 'out'] += 1
    out = ['| id | who denied | what was denied (the claim) | date | region | match | contradict | mention | hard neg | all |',
           '|---|---|---|---|---|---|---|---|---|---|']
    tot = collections.Counter()
    for d in den:
        c = per[d['id']]
        tot.update(c)
        claim = ' '.join(d['claim'].split())
        src = ' '.join(str(d['source']).split())
        out.append(f"| `{d['id']}` | {src} | {claim} | {d['date']} | {REGION[d['id']]} | {c['match']} | {c['contradict']} | {c['mention']} | {c['neg']} | {sum(c.values())} |")
    n = len(items)
    out.append(f"| **total** | | | | | {tot['match']} | {tot['contradict']} | {tot['mention']} | {tot['neg']} | {n} |")
    out.append('')
    out.append(f"{n} items, {len(lang)} languages; match {tot['match']} ({100*tot['match']/n:.1f} %), contradict {tot['contradict']} ({100*tot['contradict']/n:.1f} %), mention {tot['mention']} ({100*tot['mention']/n:.1f} %), hard negatives {tot['neg']} ({100*tot['neg']/n:.1f} %); English {lang['en']} ({100*lang['en']/n:.1f} %).")
    out.append('')
    out.append('| denial | languages (items) | dates within −7…+90 days of the denial / outside / null |')
    out.append('|---|---|---|')
    for did, c in lper.items():
        w = win[did]
        out.append(f"| `{did}` | {', '.join(f'{l} {k}' for l, k in c.most_common())} | {w['in']} / {w['out']} / {w['null']} |")
    out.append('')
    out.append('| language | items | match | contradict | mention | hard neg |')
    out.append('|---|---|---|---|---|---|')
    for l, k in lang.most_common():
        c = lv[l]
        out.append(f"| {l} | {k} | {c['match']} | {c['contradict']} | {c['mention']} | {c['neg']} |")
    p = os.path.join(HERE, 'README.md')
    s = open(p, encoding='utf-8').read()
    s = re.sub(r'<!-- COUNTS -->.*<!-- /COUNTS -->', '<!-- COUNTS -->\n' + '\n'.join(out) + '\n<!-- /COUNTS -->', s, flags=re.S)
    open(p, 'w', encoding='utf-8').write(s)
    print('README tables updated')


if __name__ == '__main__':
    main()
