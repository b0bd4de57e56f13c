-- Fills in V17's media_id for the messages stored before it, from the log's MessageSent events.
UPDATE message_key k SET media_id = s.media_id
FROM (SELECT p ->> 'messageId' AS message_id, p -> 'media' ->> 'mediaId' AS media_id
      FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domainevententry
            WHERE payloadtype = 'dev.messenger.events.message.MessageSent') events) s
WHERE k.message_id = s.message_id AND s.media_id IS NOT NULL;
