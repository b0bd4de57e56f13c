-- The feed's epoch: one more after every rebuild of the feed, so that feed positions handed out before it are never
-- mistaken for entries of the rebuilt feed. Kept here because Redis, which holds the feeds, may lose data.
CREATE TABLE feed_epoch (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    epoch BIGINT  NOT NULL
);
INSERT INTO feed_epoch (id, epoch) VALUES (1, 0);
