-- A deleted account keeps its row, emptied of everything personal (its username is replaced by one no one can register,
-- so the name is free at once): the row is what tells member lists "deleted user", keeps the account's sessions revoked
-- (their rows name it), and queues the erasure of what the account left in the log and the stores (erased_at).
ALTER TABLE account ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE account ADD COLUMN erased_at TIMESTAMPTZ;
ALTER TABLE account ADD COLUMN erasure_lease TIMESTAMPTZ;
ALTER TABLE account ADD COLUMN erasure_attempts INT NOT NULL DEFAULT 0;
CREATE INDEX account_erasure_due ON account (deleted_at) WHERE deleted_at IS NOT NULL AND erased_at IS NULL;
