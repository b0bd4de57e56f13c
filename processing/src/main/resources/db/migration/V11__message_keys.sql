-- Crypto-shredding: each message's body (and every edit of it) is stored in the event log sealed under a key of its
-- own, kept here, outside the log. Deleting the message (or its sender's account) deletes the key, and with it every
-- copy of the body in the log, its backups taken afterwards, replays and exports.
CREATE TABLE message_key (
    message_id VARCHAR(64) PRIMARY KEY,
    sender_id  VARCHAR(64) NOT NULL,
    key_bytes  BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX message_key_sender ON message_key (sender_id);
