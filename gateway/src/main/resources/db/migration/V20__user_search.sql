-- People search (GET /users/search) looks accounts up by the start of their username or display name, case-insensitive:
-- prefix matches an ordinary btree can answer only with the pattern operator class (the database's collation is not C).
CREATE INDEX account_username_prefix ON account (username text_pattern_ops) WHERE deleted_at IS NULL;
CREATE INDEX account_display_name_prefix ON account (lower(display_name) text_pattern_ops) WHERE deleted_at IS NULL;
