#!/usr/bin/env bash
# The head of the event log and each PostgreSQL-kept projection segment's position (feed, unread, privacy, search,
# kafka-publisher, push), from the local stack's PostgreSQL: how far each projection is behind while a load runs.
# Positions are written at most once a second (CoalescingTokenStore), so a lag below a second's events is noise.
# Needs psql; PSQL_URL overrides the local stack's.
psql -q -t -A "${PSQL_URL:-postgresql://postgres@localhost:15432/postgres}" -c "select 'head', max(globalindex) from domainevententry" -c "select processorname||'/'||segment, substring(convert_from(token,'UTF8') from '\"index\":([0-9]+)')::bigint from tokenentry order by 1" 2>&1 | tr '\n' ' '
echo
