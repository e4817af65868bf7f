-- Who stored what and how much, for per-client storage quotas (client is
-- a hash of the client's address, never the address itself), and indexes
-- for the retention purge of old diagrams and snapshots.
ALTER TABLE versions ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
ALTER TABLE snapshots ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE snapshots ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
CREATE INDEX versions_client ON versions (client, created_at);
CREATE INDEX snapshots_client ON snapshots (client, created_at);
CREATE INDEX diagrams_updated ON diagrams (updated_at);
CREATE INDEX snapshots_created ON snapshots (created_at);
