-- Sync state kept beside the outbox: the newest bundle version accepted per kind (a lower
-- one is refused: no rollback), and events the hub refused as business errors (recorded,
-- never resent).
CREATE TABLE sync_bundles (
	kind       TEXT PRIMARY KEY,
	version    INTEGER NOT NULL,
	sha256     TEXT NOT NULL,
	applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_rejected (
	seq         INTEGER PRIMARY KEY,
	reason      TEXT NOT NULL,
	rejected_at TEXT NOT NULL
) STRICT;
