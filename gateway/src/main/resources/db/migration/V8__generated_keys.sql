-- Keys a gateway generates when none is configured (the token signing key, the VAPID pair), shared through the
-- database so that every node signs and verifies with the same ones. Configured keys (the Kubernetes secret) are
-- never stored here. Readable by whoever reads this database, like the accounts' password hashes.
CREATE TABLE generated_key (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
