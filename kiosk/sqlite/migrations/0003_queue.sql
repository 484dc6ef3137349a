-- The last number issued per service and local day. Incremented in the same transaction
-- as the ticket it numbers, so a number once committed is never issued again.
CREATE TABLE queue_numbers (
	day        TEXT NOT NULL,
	service_id TEXT NOT NULL,
	last       INTEGER NOT NULL,
	PRIMARY KEY (day, service_id)
) STRICT;

CREATE TABLE tickets (
	id          INTEGER PRIMARY KEY,
	day         TEXT NOT NULL,
	service_id  TEXT NOT NULL,
	number      INTEGER NOT NULL,
	code        TEXT NOT NULL,
	priority    TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show')),
	issued_at   TEXT NOT NULL,
	queued_at   TEXT NOT NULL,
	to_counter  INTEGER NOT NULL DEFAULT 0,
	counter_id  INTEGER NOT NULL DEFAULT 0,
	staff_id    TEXT NOT NULL DEFAULT '',
	called_at   TEXT NOT NULL DEFAULT '',
	started_at  TEXT NOT NULL DEFAULT '',
	finished_at TEXT NOT NULL DEFAULT '',
	calls       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (day, service_id, number)
) STRICT;
CREATE INDEX tickets_waiting ON tickets(day, status, queued_at);

CREATE TABLE counters (
	id                      INTEGER PRIMARY KEY,
	status                  TEXT NOT NULL DEFAULT 'closed' CHECK (status IN ('open', 'paused', 'closed')),
	current_ticket          INTEGER REFERENCES tickets(id),
	staff_id                TEXT NOT NULL DEFAULT '',
	ordinary_since_priority INTEGER NOT NULL DEFAULT 0,
	updated_at              TEXT NOT NULL
) STRICT;

-- Each change of a counter's state, for the working-time report.
CREATE TABLE counter_log (
	id         INTEGER PRIMARY KEY,
	counter_id INTEGER NOT NULL,
	status     TEXT NOT NULL,
	staff_id   TEXT NOT NULL DEFAULT '',
	at         TEXT NOT NULL
) STRICT;

-- Every call and recall, for the display's history and the statistics.
CREATE TABLE calls (
	id         INTEGER PRIMARY KEY,
	ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
	counter_id INTEGER NOT NULL,
	recall     INTEGER NOT NULL DEFAULT 0,
	at         TEXT NOT NULL
) STRICT;
CREATE INDEX calls_at ON calls(at);

CREATE TABLE staff (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	title        TEXT NOT NULL DEFAULT '',
	role         TEXT NOT NULL CHECK (role IN ('clerk', 'admin')),
	counter_id   INTEGER NOT NULL DEFAULT 0,
	photo_url    TEXT NOT NULL DEFAULT '',
	pin_hash     TEXT NOT NULL,
	failures     INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT NOT NULL DEFAULT ''
) STRICT;

-- Sessions are stored by the SHA-256 of their token: a copied database opens no session.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	staff_id   TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
	expires_at TEXT NOT NULL
) STRICT;
