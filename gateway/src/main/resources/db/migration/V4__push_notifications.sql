-- Web Push subscriptions (RFC 8030): where a user's browsers receive notifications, with the keys their payloads are
-- encrypted for. Device registrations and secrets, like accounts: not in the event log.
CREATE TABLE push_subscription (
    endpoint   TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX push_subscription_user ON push_subscription (user_id);

-- The push projection's own copies of what it decides with, rebuilt from the event log.
CREATE TABLE push_member (
    conversation_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE TABLE push_mute (
    conversation_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    until           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE TABLE push_block (
    blocker_id TEXT NOT NULL,
    blocked_id TEXT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE TABLE push_encrypted_conversation (
    conversation_id TEXT PRIMARY KEY
);

-- The outbox: one pending notification per subscription and conversation (newer messages fold into it), written in
-- the projection's transaction and sent by any gateway node (FOR UPDATE SKIP LOCKED), retried with backoff.
CREATE TABLE push_outbox (
    endpoint        TEXT NOT NULL REFERENCES push_subscription (endpoint) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    sender_id       TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    messages        INT NOT NULL,
    encrypted       BOOLEAN NOT NULL,
    not_before      TIMESTAMPTZ NOT NULL,
    attempts        INT NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (endpoint, conversation_id)
);
CREATE INDEX push_outbox_due ON push_outbox (not_before);
