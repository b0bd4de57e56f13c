#!/usr/bin/env python3
"""CPU per send by thread group in two async-profiler collapsed profiles (itimer, 5 ms, 30 s windows as
compare-gateways.sh takes them):  compare-profiles.py A.collapsed B.collapsed SENDS_PER_S_A SENDS_PER_S_B
A change that costs something shows in its own threads; a slower machine or a JIT still at work shows in all of them."""
import sys,re,collections
def load(p):
    c=collections.Counter(); t=0
    for l in open(p):
        s,n=l.rsplit(' ',1); n=int(n); t+=n
        th=re.sub(r'\d+','N',s.split(';')[0])
        th=re.sub(r'EventProcessor\[.*','EventProcessor',th)
        c[th[:30]]+=n
    return c,t
(a,ta),(b,tb)=load(sys.argv[1]),load(sys.argv[2])
ra,rb=float(sys.argv[3]),float(sys.argv[4])  # sends/s
# itimer 5ms, 30 s window: ms per send = samples*5 / (30*rate)
keys=sorted(set(a)|set(b), key=lambda k:-(a[k]+b[k]))
print(f'total samples A {ta} B {tb}; ms/send A {ta*5/30/ra:.2f} B {tb*5/30/rb:.2f}')
for k in keys[:16]:
    print(f'{k:32s} A {a[k]*5/30/ra:6.3f}  B {b[k]*5/30/rb:6.3f} ms/send')
