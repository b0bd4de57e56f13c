-- A session per sign-in (a device or browser): its refresh token, of which only a SHA-256 digest is kept, rotates at
-- every use. Revoking a session ends its refresh token at once and its access tokens within seconds on every node
-- (each node polls revoked_at). Rows go with their account.
CREATE TABLE user_session (
    session_id         VARCHAR(64)  PRIMARY KEY,
    user_id            VARCHAR(64)  NOT NULL REFERENCES account (user_id) ON DELETE CASCADE,
    user_agent         VARCHAR(200),
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_used_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    refresh_hash       CHAR(64)     NOT NULL,
    refresh_expires_at TIMESTAMPTZ  NOT NULL,
    revoked_at         TIMESTAMPTZ
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_revoked ON user_session (revoked_at) WHERE revoked_at IS NOT NULL;

-- Refresh tokens already exchanged: one presented again means it was copied, so its session is revoked (reuse
-- detection). Kept while the token could still have been valid.
CREATE TABLE used_refresh_token (
    token_hash CHAR(64)    PRIMARY KEY,
    session_id VARCHAR(64) NOT NULL REFERENCES user_session (session_id) ON DELETE CASCADE,
    used_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX used_refresh_token_session ON used_refresh_token (session_id);
