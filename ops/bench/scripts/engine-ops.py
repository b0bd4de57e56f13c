#!/usr/bin/env python3
"""What the engines did per appended event, from their own counters: a figure this machine's run-to-run drift does
not move (CPU milliseconds do, by 15-40% between runs), to compare builds by the round trips a message costs.
  ops/bench/scripts/engine-ops.py snapshot > before.json      # while a steady load runs (e.g. bench --rate 150)
  sleep 30; ops/bench/scripts/engine-ops.py diff before.json  # counts per event appended meanwhile
Redis: every command's calls (INFO commandstats) at REDIS_HOST:REDIS_PORT (localhost:6379). PostgreSQL: transactions
(each autocommit statement is one), rows read and index/table scans per table, read with psql (PGHOST, PGPORT
15432, PGUSER postgres)."""
import json
import os
import socket
import subprocess
import sys

TABLES = ('domainevententry', 'tokenentry', 'push_subscription', 'push_outbox', 'push_member', 'deadletterentry')


def redis_commands():
    host, port = os.environ.get('REDIS_HOST', 'localhost'), int(os.environ.get('REDIS_PORT', '6379'))
    with socket.create_connection((host, port)) as s:
        s.sendall(b'INFO commandstats\r\n')
        data = b''
        while b'\r\n' not in data or len(data) < data.index(b'\r\n') + 2 + int(data[1:data.index(b'\r\n')]):
            data += s.recv(65536)
    counts = {}
    for line in data.decode().splitlines():
        if line.startswith('cmdstat_'):
            name, fields = line[len('cmdstat_'):].split(':', 1)
            counts['redis.' + name] = int(dict(f.split('=') for f in fields.split(','))['calls'])
    return counts


def postgres_counters():
    tables = ','.join(f"'{t}'" for t in TABLES)
    query = ("select 'transactions', sum(xact_commit) from pg_stat_database "
             "union all select 'rows read', sum(tup_returned) from pg_stat_database "
             "union all select 'events', n_tup_ins from pg_stat_user_tables where relname = 'domainevententry' "
             f"union all select 'scans.' || relname, coalesce(idx_scan, 0) + seq_scan from pg_stat_user_tables where relname in ({tables})")
    env = {**os.environ, 'PGHOST': os.environ.get('PGHOST', 'localhost'), 'PGPORT': os.environ.get('PGPORT', '15432'),
           'PGUSER': os.environ.get('PGUSER', 'postgres')}
    out = subprocess.run(['psql', '-At', '-F', '|', '-c', query], capture_output=True, text=True, check=True, env=env).stdout
    return {'postgres.' + key: int(value) for key, value in (line.split('|') for line in out.splitlines() if '|' in line)}


def main():
    now = {**redis_commands(), **postgres_counters()}
    if len(sys.argv) == 2 and sys.argv[1] == 'snapshot':
        json.dump(now, sys.stdout)
    elif len(sys.argv) == 3 and sys.argv[1] == 'diff':
        before = json.load(open(sys.argv[2]))
        events = now['postgres.events'] - before['postgres.events']
        if events <= 0:
            sys.exit('no event was appended since the snapshot')
        print(f'{events} events appended; per event:')
        for key in sorted(now):
            delta = now[key] - before.get(key, 0)
            if delta and key != 'postgres.events':
                print(f'  {key:36s} {delta / events:7.2f}')
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
