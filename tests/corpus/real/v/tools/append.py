# ruff: noqa  (the labeller's own editing scripts, kept as written)
# append continuation text to inbox items (by URL), inserted at the end of the item's block
import sys, json
def apply(path, conts):
    lines = open(path, encoding='utf-8').read().split('\n')
    out, i = [], 0
    done = set()
    while i < len(lines):
        l = lines[i]
        out.append(l); i += 1
        if l.startswith('@@ '):
            url = l[3:].split(' | ')[0].strip()
            block = []
            while i < len(lines) and not lines[i].startswith('@@ '):
                block.append(lines[i]); i += 1
            while block and block[-1] == '':
                block.pop()
            if url in conts:
                c = conts[url]
                if c.startswith('\n'):
                    block.append(c[1:]) if False else None
                    text = '\n'.join(block) + c
                else:
                    text = '\n'.join(block) + c
                block = text.split('\n')
                done.add(url)
            out.extend(block)
    missing = set(conts) - done
    if missing: print('NOT FOUND:', missing)
    open(path, 'w', encoding='utf-8').write('\n'.join(out) + '\n')
    print(path, 'appended', len(done))
