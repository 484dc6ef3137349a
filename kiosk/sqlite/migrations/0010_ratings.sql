-- One rating per served ticket (kiosk.Rating): the ticket is the key, so a second tap, a
-- second pad or a replayed QR code cannot add another. Counter, clerk, line and day are
-- copied from the ticket as it was served, so reports read this table alone.
-- dossier_code is NULL when the visit left no dossier. reasons is a JSON array of
-- kiosk.RatingReasons ids ('[]' for none): json_each counts them.
CREATE TABLE ratings (
	ticket_id    INTEGER PRIMARY KEY REFERENCES tickets(id),
	day          TEXT NOT NULL,
	counter_id   INTEGER NOT NULL,
	staff_id     TEXT NOT NULL,
	service_id   TEXT NOT NULL,
	dossier_code TEXT,
	score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND scale),
	scale        INTEGER NOT NULL CHECK (scale IN (3, 5)),
	reasons      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
	via          TEXT NOT NULL CHECK (via IN ('pad', 'qr')),
	at           TEXT NOT NULL
) STRICT;
CREATE INDEX ratings_day ON ratings(day, counter_id);

-- A pad asks about the last ticket its counter finished.
CREATE INDEX tickets_finished ON tickets(counter_id, finished_at) WHERE status = 'done';
