-- IT accounts (hub.User): province IT sees every kiosk, a cluster's IT the kiosks enrolled
-- with its cluster tag. Passwords as argon2id PHC strings; sessions and login failures in
-- the database, so every hub over it knows them; the audit log of every action.
CREATE TABLE users (
	name                TEXT PRIMARY KEY,  -- login name, lower case
	display_name        TEXT NOT NULL DEFAULT '',
	role                TEXT NOT NULL,     -- 'province' or 'cluster'
	cluster             TEXT NOT NULL DEFAULT '',
	password_hash       TEXT NOT NULL,
	created_at          TEXT NOT NULL,
	password_changed_at TEXT NOT NULL,
	disabled_at         TEXT
) STRICT;

-- A session is known by the SHA-256 of its cookie: a copy of this table opens nothing.
CREATE TABLE sessions (
	id_hash    TEXT PRIMARY KEY,
	user_name  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	seen_at    TEXT NOT NULL,
	expires_at TEXT NOT NULL,  -- the absolute end; idleness is judged from seen_at
	remote     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user ON sessions(user_name);

-- One row per failed login, under "user:NAME" and "addr:IP": the throttle counts those
-- inside its window.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at  TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE audit (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,  -- a user's name, "admin-token" or "cli:<os user>"
	action TEXT NOT NULL,  -- e.g. login, login.failed, command.queue, kiosk.revoke
	target TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	remote TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_at ON audit(at);

-- Tokens revoked from the page before use, told apart from those that ran out.
ALTER TABLE tokens ADD COLUMN revoked_at TEXT;
