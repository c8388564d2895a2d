#!/usr/bin/env python3
# ruff: noqa  (the labeller's own script)
"""Print the README tables for part i from test_denials.yaml and test.jsonl."""
import collections
import datetime as dt
import json
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REGION = {
    'kp-sony-hack-2014': 'East Asia (North Korea) / cyber',
    'bo-arce-self-coup-2024': 'Latin America (Bolivia)',
    'us-nord-stream-hersh-2023': 'North America (US) / Baltic',
    'gr-pylos-towing-2023': 'EU (Greece) / migration',
    'hr-border-pushbacks': 'Balkans (Croatia, Bosnia) / migration',
    'ph-duterte-davao-death-squad': 'Southeast Asia (Philippines)',
    'ru-us-election-2016': 'elections (Russia / US)',
}


def main():
    denials = yaml.safe_load(open(HERE / 'test_denials.yaml', encoding='utf-8'))['denials']
    items = [json.loads(l) for l in open(HERE / 'test.jsonl', encoding='utf-8')]
    per = collections.OrderedDict((d['id'], collections.Counter()) for d in denials)
    lang_per = collections.OrderedDict((d['id'], collections.Counter()) for d in denials)
    by_lang = collections.defaultdict(collections.Counter)
    window = collections.Counter()
    dates = {d['id']: dt.date.fromisoformat(str(d['date'])) for d in denials}
    for it in items:
        did = it['near'] if it['hard_negative'] else it['label']['denial']
        v = 'hard neg' if it['hard_negative'] else it['label']['verdict']
        per[did][v] += 1
        lang_per[did][it['language']] += 1
        by_lang[it['language']][v] += 1
        if it['date'] is None:
            window['no full date'] += 1
        else:
            delta = (dt.date.fromisoformat(it['date']) - dates[did]).days
            window['inside' if -7 <= delta <= 90 else 'outside'] += 1
    cols = ['match', 'contradict', 'mention', 'hard neg']
    print('| id | who denied | what was denied (the claim) | date | region | match | contradict | mention | hard neg | all |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    tot = collections.Counter()
    for d in denials:
        c = per[d['id']]
        tot.update(c)
        claim = ' '.join(d['claim'].split())
        print(f"| `{d['id']}` | {d['source']} | {claim} | {d['date']} | {REGION[d['id']]} | "
              + ' | '.join(str(c[k]) for k in cols) + f' | {sum(c.values())} |')
    print('| **total** | | | | | ' + ' | '.join(str(tot[k]) for k in cols) + f' | {sum(tot.values())} |')
    n = len(items)
    en = sum(1 for it in items if it['language'] == 'en')
    print(f"\n{n} items, {len(by_lang)} languages; hard negatives {tot['hard neg']} ({100*tot['hard neg']/n:.1f}%); "
          f"English {en} ({100*en/n:.1f}%).")
    print('\n| denial | languages (items) |\n|---|---|')
    for d, c in lang_per.items():
        print(f'| `{d}` | ' + ', '.join(f'{l} {k}' for l, k in c.most_common()) + ' |')
    print('\n| language | items | match | contradict | mention | hard neg |\n|---|---|---|---|---|---|')
    for l, c in sorted(by_lang.items(), key=lambda x: -sum(x[1].values())):
        print(f'| {l} | {sum(c.values())} | ' + ' | '.join(str(c[k]) for k in cols) + ' |')
    print(f"\nRelative to each rule's date (-7…+90 days): {window['inside']} inside, {window['outside']} outside, "
          f"{window['no full date']} without a full date.")


if __name__ == '__main__':
    main()
