-- IT accounts (hub.User), as SQLite's 0003_accounts.sql: users, sessions known by the
-- hash of their cookie, login failures for the throttle, the audit log.
CREATE TABLE users (
	name                text PRIMARY KEY,
	display_name        text NOT NULL DEFAULT '',
	role                text NOT NULL,
	cluster             text NOT NULL DEFAULT '',
	password_hash       text NOT NULL,
	created_at          timestamptz NOT NULL,
	password_changed_at timestamptz NOT NULL,
	disabled_at         timestamptz
);

CREATE TABLE sessions (
	id_hash    text PRIMARY KEY,
	user_name  text NOT NULL REFERENCES users(name) ON DELETE CASCADE,
	csrf       text NOT NULL,
	created_at timestamptz NOT NULL,
	seen_at    timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	remote     text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_name);

CREATE TABLE login_failures (
	key text NOT NULL,
	at  timestamptz NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE audit (
	id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at     timestamptz NOT NULL,
	actor  text NOT NULL,
	action text NOT NULL,
	target text NOT NULL DEFAULT '',
	detail text NOT NULL DEFAULT '',
	remote text NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);

ALTER TABLE tokens ADD COLUMN revoked_at timestamptz;
