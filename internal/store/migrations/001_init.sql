-- Saved diagrams: a public read ID, a secret edit token (stored hashed),
-- and every saved version kept.
CREATE TABLE diagrams (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
);

CREATE TABLE versions (
    diagram_id TEXT NOT NULL REFERENCES diagrams(id),
    version INTEGER NOT NULL,
    code TEXT NOT NULL,
    view TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (diagram_id, version)
);

-- Immutable shared snapshots (/playground/{id}).
CREATE TABLE snapshots (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    view TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
