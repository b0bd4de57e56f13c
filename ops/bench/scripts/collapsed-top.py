#!/usr/bin/env python3
"""Shares of an async-profiler collapsed-stack profile (one 'frame;frame;... count' line per stack):
by thread (with 'threads'), by leaf frame, and inclusive by frame or by a regex given as the second argument."""
import collections, re, sys

lines = [l.rsplit(' ', 1) for l in open(sys.argv[1]) if l.strip()]
pattern = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
total = sum(int(c) for _, c in lines)
threads, leaves, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
for stack, count in lines:
    frames, n = stack.split(';'), int(count)
    if frames[0].startswith('['):
        threads[re.sub(r'\d+', 'N', frames[0])] += n
        frames = frames[1:]
    if not frames:
        continue
    leaves[frames[-1]] += n
    for frame in set(frames):
        if pattern is None or pattern.search(frame):
            inclusive[frame] += n

def show(title, counter, top):
    print(f'== {title}')
    for key, n in counter.most_common(top):
        print(f'{n * 100 / total:6.1f}%  {key[:150]}')

print(f'samples {total}')
show('threads', threads, 20)
show('leaf frames', leaves, 40)
show('inclusive', inclusive, 120)
