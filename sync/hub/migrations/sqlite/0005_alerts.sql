-- Alerts (hub.Alert): a condition of a kiosk IT must see (offline too long, paper out,
-- backlog growing, clock skew), open while it holds; at most one open per kiosk and kind.
-- Each opening and closing queues a notice for the webhook, delivered with retries by
-- whichever hub claims it first.
CREATE TABLE alerts (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	kiosk     TEXT NOT NULL,
	kind      TEXT NOT NULL,
	detail    TEXT NOT NULL DEFAULT '',
	opened_at TEXT NOT NULL,
	closed_at TEXT
) STRICT;
CREATE UNIQUE INDEX alerts_open ON alerts(kiosk, kind) WHERE closed_at IS NULL;
CREATE INDEX alerts_opened ON alerts(opened_at);

CREATE TABLE alert_notices (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	alert_id    INTEGER NOT NULL REFERENCES alerts(id),
	event       TEXT NOT NULL,  -- 'opened' or 'closed'
	created_at  TEXT NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_at     TEXT NOT NULL,  -- when it is due (again): a claim moves it past the attempt
	sent_at     TEXT,
	given_up_at TEXT,
	last_error  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX alert_notices_due ON alert_notices(next_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
