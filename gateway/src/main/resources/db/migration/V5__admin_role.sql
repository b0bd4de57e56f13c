-- The admin role, granted and revoked only by an operator (ops/messenger admin grant|revoke USERNAME), never by
-- registering some username: an account is an admin while it has a row here.
CREATE TABLE admin_role (
    user_id    VARCHAR(64) PRIMARY KEY REFERENCES account (user_id) ON DELETE CASCADE,
    granted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
