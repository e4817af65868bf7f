-- Playground sessions: code opened in the app through a short link that
-- lives 60 minutes (POST /api/playground/create, as FlowZap's).
CREATE TABLE playground_sessions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    view TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX playground_sessions_expires ON playground_sessions (expires_at);
