-- Alerts and their webhook notices, as SQLite's 0005_alerts.sql.
CREATE TABLE alerts (
	id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kiosk     text NOT NULL,
	kind      text NOT NULL,
	detail    text NOT NULL DEFAULT '',
	opened_at timestamptz NOT NULL,
	closed_at timestamptz
);
CREATE UNIQUE INDEX alerts_open ON alerts(kiosk, kind) WHERE closed_at IS NULL;
CREATE INDEX alerts_opened ON alerts(opened_at);

CREATE TABLE alert_notices (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	alert_id    bigint NOT NULL REFERENCES alerts(id),
	event       text NOT NULL,
	created_at  timestamptz NOT NULL,
	attempts    integer NOT NULL DEFAULT 0,
	next_at     timestamptz NOT NULL,
	sent_at     timestamptz,
	given_up_at timestamptz,
	last_error  text NOT NULL DEFAULT ''
);
CREATE INDEX alert_notices_due ON alert_notices(next_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
