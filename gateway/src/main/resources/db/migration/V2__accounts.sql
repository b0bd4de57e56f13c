-- Credentials and profile of each account. Deliberately not in the event log: a password hash must be
-- replaceable and erasable, and the log is immutable.
CREATE TABLE account (
    user_id        VARCHAR(64)  PRIMARY KEY,
    username       VARCHAR(32)  NOT NULL UNIQUE,
    display_name   VARCHAR(100) NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    read_receipts  BOOLEAN      NOT NULL DEFAULT TRUE,
    last_seen      VARCHAR(16)  NOT NULL DEFAULT 'everyone',
    presence       VARCHAR(16)  NOT NULL DEFAULT 'everyone'
);
