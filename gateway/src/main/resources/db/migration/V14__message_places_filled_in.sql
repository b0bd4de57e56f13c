-- Fills in V13's conversation_id and seq for the messages sealed before it, and gives the messages that had no body a
-- row of their own, from the log's MessageSent events; deleted messages (no key, nothing to erase) are left out.
-- The key of a new row is 32 bytes from two random UUIDs (PostgreSQL's gen_random_uuid is cryptographically random):
-- such a message has no body sealed under it yet, only an edit could add one.
WITH sent AS (
    SELECT p ->> 'messageId' AS message_id, p ->> 'senderId' AS sender_id, p ->> 'conversationId' AS conversation_id,
           (p ->> 'seq')::BIGINT AS seq
    FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domainevententry
          WHERE payloadtype = 'dev.messenger.events.message.MessageSent') events
), deleted AS (
    SELECT DISTINCT convert_from(payload, 'UTF8')::jsonb ->> 'messageId' AS message_id FROM domainevententry
    WHERE payloadtype = 'dev.messenger.events.message.MessageDeleted'
)
INSERT INTO message_key (message_id, sender_id, key_bytes, conversation_id, seq)
SELECT s.message_id, s.sender_id,
       decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'),
       s.conversation_id, s.seq
FROM sent s LEFT JOIN deleted d ON d.message_id = s.message_id
WHERE d.message_id IS NULL
ON CONFLICT (message_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, seq = EXCLUDED.seq;

CREATE INDEX message_key_sender_place ON message_key (sender_id, conversation_id, seq);
DROP INDEX message_key_sender;
