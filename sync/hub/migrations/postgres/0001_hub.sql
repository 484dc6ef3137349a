-- The hub's first PostgreSQL schema: the same tables as SQLite's 0001_hub.sql, in
-- PostgreSQL's types (timestamptz, bytea, jsonb for what is only read whole or queried).
CREATE TABLE tokens (
	hash       text PRIMARY KEY,  -- SHA-256 of the token: the token itself is never stored
	commune    text NOT NULL,
	region     text NOT NULL DEFAULT '',
	cluster    text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	used_at    timestamptz,
	used_by    text
);

CREATE TABLE kiosks (
	id          text PRIMARY KEY,
	commune     text NOT NULL,
	region      text NOT NULL DEFAULT '',
	cluster     text NOT NULL DEFAULT '',
	public_key  bytea NOT NULL,
	epoch       text NOT NULL,
	hostname    text NOT NULL DEFAULT '',
	enrolled_at timestamptz NOT NULL,
	revoked_at  timestamptz,
	last_seen   timestamptz,
	last_sync   timestamptz,
	skew_ms     bigint NOT NULL DEFAULT 0,
	heartbeat   jsonb NOT NULL DEFAULT '{}'
);

-- One row per (kiosk, epoch): the highest seq held with no gap below it. Ingest locks this
-- row, so two hubs given the same batch store it once, one after the other.
CREATE TABLE streams (
	kiosk        text NOT NULL,
	epoch        text NOT NULL,
	held_through bigint NOT NULL,
	PRIMARY KEY (kiosk, epoch)
);

CREATE TABLE events (
	kiosk       text NOT NULL,
	epoch       text NOT NULL,
	seq         bigint NOT NULL,
	kind        text NOT NULL,
	body        json NOT NULL,         -- json, not jsonb: the kiosk's exact text, compared on a retry
	created_at  timestamptz NOT NULL,  -- the kiosk's clock
	received_at timestamptz NOT NULL,  -- the hub's clock
	rejected    text,
	PRIMARY KEY (kiosk, epoch, seq)
);
CREATE INDEX events_kind ON events(kind, kiosk);

CREATE TABLE bundles (
	kind         text NOT NULL,
	version      bigint NOT NULL,
	scope        text NOT NULL DEFAULT '',
	envelope     text NOT NULL,  -- the signed bundle's JSON as kiosks receive it
	published_at timestamptz NOT NULL,
	PRIMARY KEY (kind, version)
);

CREATE TABLE heartbeats (
	kiosk       text NOT NULL,
	received_at timestamptz NOT NULL,
	skew_ms     bigint NOT NULL,
	body        jsonb NOT NULL
);
CREATE INDEX heartbeats_kiosk ON heartbeats(kiosk, received_at);

CREATE TABLE commands (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kiosk        text NOT NULL,
	kind         text NOT NULL,
	state        text NOT NULL,
	detail       text NOT NULL DEFAULT '',
	created_at   timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL,
	delivered_at timestamptz,
	finished_at  timestamptz
);
CREATE INDEX commands_kiosk ON commands(kiosk, state);

-- The replay guard's memory, shared by every hub on this database: a signed request's
-- nonce, kept until its signed time leaves the clock window.
CREATE TABLE nonces (
	kiosk text NOT NULL,
	nonce text NOT NULL,
	until timestamptz NOT NULL,
	PRIMARY KEY (kiosk, nonce)
);
CREATE INDEX nonces_until ON nonces(until);
