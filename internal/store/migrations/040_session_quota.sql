-- Who opened a playground session and how much code it holds, so that
-- sessions count against the client's storage quota like snapshots do.
ALTER TABLE playground_sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE playground_sessions ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
CREATE INDEX playground_sessions_client ON playground_sessions (client, created_at)
