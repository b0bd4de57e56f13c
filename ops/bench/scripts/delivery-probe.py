#!/usr/bin/env python3
# An independent delivery probe, for telling the load generator's own delays from the server's: two fresh users, B's
# /events read on a raw socket, A sends to B every 0.2 s; prints the delivery latencies (send start to arrival).
#   python3 ops/bench/scripts/delivery-probe.py [N]      N messages (default 100); MESSENGER_URL (default localhost:8080)
# Registers two accounts: run it against a benchmark system (compare-gateways.sh lifts the registration limits).
import json, os, socket, sys, threading, time, urllib.parse, urllib.request, uuid
BASE=os.environ.get('MESSENGER_URL','http://localhost:8080'); N=int(sys.argv[1]) if len(sys.argv)>1 else 100
def call(method, path, body=None, token=None):
    req=urllib.request.Request(BASE+path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={'Content-Type':'application/json', **({'Authorization':'Bearer '+token} if token else {})})
    with urllib.request.urlopen(req, timeout=30) as r: return json.loads(r.read() or b'null')
def user(tag):
    name=('probe'+tag+uuid.uuid4().hex[:8])[:30]
    u=call('POST','/auth/register',{'username':name,'password':'probe-password','displayName':name})
    t=call('POST','/auth/token',{'username':name,'password':'probe-password'})['access_token']
    return u['userId'],t
a,ta=user('a'); b,tb=user('b')
conv=call('POST','/conversations',{'type':'direct','participants':[b]},ta)['conversationId']
sent={}; lat=[]
URL=urllib.parse.urlparse(BASE); s=socket.create_connection((URL.hostname,URL.port or 80)); s.sendall(f'GET /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {tb}\r\nAccept: text/event-stream\r\n\r\n'.encode())
def reader():
    buf=b''
    while True:
        d=s.recv(65536)
        if not d: return
        now=time.time(); buf+=d
        while b'probe-' in buf:
            i=buf.index(b'probe-'); j=buf.find(b'"',i)
            if j<0: break
            cid=buf[i:j].decode(); buf=buf[j:]
            if cid in sent: lat.append(now-sent.pop(cid))
threading.Thread(target=reader,daemon=True).start()
time.sleep(1)
for i in range(N):
    cid='probe-%d-%s'%(i,uuid.uuid4().hex[:6]); sent[cid]=time.time()
    try: call('POST','/messages/send',{'conversationId':conv,'body':'probe %d'%i,'clientMessageId':cid},ta)
    except Exception as e: print('send failed',e)
    time.sleep(0.2)
time.sleep(5)
lat.sort()
if lat: print(f'probe deliveries {len(lat)}/{N}: p50 {lat[len(lat)//2]*1000:.0f} ms, p90 {lat[int(len(lat)*.9)]*1000:.0f} ms, max {lat[-1]*1000:.0f} ms')
else: print('no deliveries')
