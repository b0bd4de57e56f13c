-- A sender leases due outbox rows (a short UPDATE) and sends outside any transaction; the lease keeps other nodes off
-- them meanwhile and lapses by itself if the node dies, so a row is retried, never lost. The projection keeps
-- folding newer messages into a leased row without waiting for the send.
ALTER TABLE push_outbox ADD COLUMN leased_until TIMESTAMPTZ;
