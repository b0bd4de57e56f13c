# CPU seconds per thread (name with digits folded) of one process over an interval, from /proc: thread-cpu.py PID SECONDS
import os,sys,re,collections,time
def snap(pid):
    d={}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            name=open(f'/proc/{pid}/task/{t}/comm').read().strip()
            st=open(f'/proc/{pid}/task/{t}/stat').read()
            f=st[st.rindex(')')+2:].split()
            d[t]=(name,int(f[11])+int(f[12]))
        except Exception: pass
    return d
pid=sys.argv[1]; secs=float(sys.argv[2])
a=snap(pid); time.sleep(secs); b=snap(pid)
c=collections.Counter()
for t,(n,v) in b.items():
    n=re.sub(r'\d+','N',n)
    c[n]+=v-a.get(t,(n,0))[1]
tot=sum(c.values())
print("total cpu s", tot/100, "cores", tot/100/secs)
for n,v in c.most_common(30): print(f"{v/100:7.2f}s {100*v/tot:5.1f}% {n}")
