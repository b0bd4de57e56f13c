-- The file each message carries (message_key.media_id), and the files whose last message was deleted, waiting to be
-- deleted themselves (media_erasure): a deleted message's file must go too, unless another message (a forward, the
-- same bytes sent again) or a group picture still shows it. Rows from before are filled in by V18.
ALTER TABLE message_key ADD COLUMN media_id VARCHAR(64);
CREATE INDEX message_key_media ON message_key (media_id) WHERE media_id IS NOT NULL;
CREATE TABLE media_erasure (
    media_id     VARCHAR(64) PRIMARY KEY,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease        TIMESTAMPTZ,
    attempts     INT         NOT NULL DEFAULT 0
);
