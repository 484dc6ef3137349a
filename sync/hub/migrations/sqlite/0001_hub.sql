-- The hub's first SQLite schema. IF NOT EXISTS: a hub database made before migrations were
-- recorded (the same tables) takes it as applied.
CREATE TABLE IF NOT EXISTS tokens (
	hash       TEXT PRIMARY KEY,  -- SHA-256 of the token: the token itself is never stored
	commune    TEXT NOT NULL,
	region     TEXT NOT NULL DEFAULT '',
	cluster    TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at    TEXT,
	used_by    TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS kiosks (
	id          TEXT PRIMARY KEY,
	commune     TEXT NOT NULL,
	region      TEXT NOT NULL DEFAULT '',
	cluster     TEXT NOT NULL DEFAULT '',
	public_key  BLOB NOT NULL,
	epoch       TEXT NOT NULL,
	hostname    TEXT NOT NULL DEFAULT '',
	enrolled_at TEXT NOT NULL,
	revoked_at  TEXT,
	last_seen   TEXT,
	last_sync   TEXT,
	skew_ms     INTEGER NOT NULL DEFAULT 0,
	heartbeat   TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- One row per (kiosk, epoch): the highest seq held with no gap below it.
CREATE TABLE IF NOT EXISTS streams (
	kiosk        TEXT NOT NULL,
	epoch        TEXT NOT NULL,
	held_through INTEGER NOT NULL,
	PRIMARY KEY (kiosk, epoch)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS events (
	kiosk       TEXT NOT NULL,
	epoch       TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	body        TEXT NOT NULL,
	created_at  TEXT NOT NULL,  -- the kiosk's clock
	received_at TEXT NOT NULL,  -- the hub's clock
	rejected    TEXT,
	UNIQUE (kiosk, epoch, seq)
) STRICT;
CREATE INDEX IF NOT EXISTS events_kind ON events(kind, kiosk);

CREATE TABLE IF NOT EXISTS bundles (
	kind         TEXT NOT NULL,
	version      INTEGER NOT NULL,
	scope        TEXT NOT NULL DEFAULT '',
	envelope     TEXT NOT NULL,
	published_at TEXT NOT NULL,
	PRIMARY KEY (kind, version)
) STRICT;

CREATE TABLE IF NOT EXISTS heartbeats (
	kiosk       TEXT NOT NULL,
	received_at TEXT NOT NULL,
	skew_ms     INTEGER NOT NULL,
	body        TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS heartbeats_kiosk ON heartbeats(kiosk, received_at);

CREATE TABLE IF NOT EXISTS commands (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	kiosk        TEXT NOT NULL,
	kind         TEXT NOT NULL,
	state        TEXT NOT NULL,
	detail       TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	delivered_at TEXT,
	finished_at  TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS commands_kiosk ON commands(kiosk, state);

-- The replay guard's memory: a signed request's nonce, kept until its signed time leaves the
-- clock window (then the time alone refuses it), so a restart forgets nothing that matters.
CREATE TABLE IF NOT EXISTS nonces (
	kiosk TEXT NOT NULL,
	nonce TEXT NOT NULL,
	until TEXT NOT NULL,
	PRIMARY KEY (kiosk, nonce)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nonces_until ON nonces(until);
