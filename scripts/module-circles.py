#!/usr/bin/env python3
"""Import circles among a crate's modules (`scripts/test` runs it; fails on any).

An edge A -> B when A's code names B (`crate::b::…`, `super::…`, `self::…`, or a child
by its name in a `mod.rs`/`lib.rs`), except a module naming one of its own ancestors
(that is the module tree itself: a child may use what its parent declares). Prints
each circle — a strongly connected component of more than one module.

Usage: scripts/module-circles.py SRC_DIR…
"""
import os, re, sys

def modules(root):
    mods = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith('.rs'): continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)[:-3].split(os.sep)
            if rel[-1] in ('mod', 'lib', 'main'): rel = rel[:-1]
            if rel and rel[0] == 'bin': continue
            mods[tuple(rel)] = path
    return mods

def strip(text):
    text = re.sub(r"'(?:\\.|[^'\\\n])'", "' '", text)  # char literals ('"')
    text = re.sub(r'r(#*)".*?"\1', '""', text, flags=re.S)  # raw strings
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    text = re.sub(r'//[^\n]*', '', text)
    # drop #[cfg(test)] mod tests { … } at the end
    i = text.find('#[cfg(test)]\nmod tests')
    return text if i < 0 else text[:i]

def resolve(mods, parts):
    best = None
    for n in range(len(parts), 0, -1):
        if tuple(parts[:n]) in mods:
            return tuple(parts[:n])
    return best

def edges(mods):
    out = {m: set() for m in mods}
    for m, path in mods.items():
        text = strip(open(path).read())
        refs = []
        # expand `use a::{b, c::d}` one level
        for use in re.findall(r'\buse\s+([^;]+);', text):
            use = re.sub(r'\s+', '', use)
            mm = re.match(r'^(.*?)::\{(.*)\}$', use)
            if mm:
                base = mm.group(1)
                for item in re.split(r',(?![^{]*\})', mm.group(2)):
                    refs.append(base + '::' + item.strip('{}'))
            else:
                refs.append(use)
        refs += re.findall(r'\b(?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+', text)
        is_dir = path.endswith(('mod.rs', 'lib.rs', 'main.rs'))
        here = list(m) if is_dir else list(m[:-1])  # the module `self::`/siblings are relative to
        for ref in refs:
            parts = ref.split('::')
            if parts[0] == 'crate':
                target = parts[1:]
            elif parts[0] in ('super', 'self'):
                base = list(m)
                while parts and parts[0] in ('super', 'self'):
                    if parts[0] == 'super': base = base[:-1]
                    parts = parts[1:]
                target = base + parts
            else:
                # a child named directly in mod.rs/lib.rs (`articles::list`)
                target = list(m) + parts if is_dir else None
                if target is None or tuple(target[:len(m)+1]) not in mods: continue
            t = resolve(mods, target)
            if t is None or t == m: continue
            if m[:len(t)] == t:  # an ancestor: the module tree
                continue
            out[m].add(t)
    return out

def scc(graph):
    index, low, stack, on, res, i = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)
    def visit(v):
        index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
        for w in graph[v]:
            if w not in index: visit(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            res.append(comp)
    for v in graph:
        if v not in index: visit(v)
    return [c for c in res if len(c) > 1]

found = 0
for root in sys.argv[1:]:
    mods = modules(root)
    comps = scc(edges(mods))
    found += len(comps)
    print(f'{root}: {len(mods)} modules, {len(comps)} circles')
    for c in comps:
        print('  ', ' <-> '.join('::'.join(x) or 'crate' for x in sorted(c)))
sys.exit(1 if found else 0)
