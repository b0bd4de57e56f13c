-- Where each message is: message_key becomes the write side's index of every message by its sender, so that deleting
-- an account can find (and delete) all of its messages without reading the log or trusting a read model. A message
-- without a body (a file alone, an end-to-end encrypted one) gets a row too. Rows from before are filled in by V14.
ALTER TABLE message_key ADD COLUMN conversation_id VARCHAR(64);
ALTER TABLE message_key ADD COLUMN seq BIGINT;
