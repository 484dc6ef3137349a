-- One row per "rating.given" event a kiosk sent (hub.Rating), made on ingest in the same
-- transaction as the event, so ratings per commune, counter and clerk are counted from a
-- table. commune is the sending kiosk's at that time; counter_id and staff_id are the
-- kiosk's own ids. class makes the 3- and 5-level scales comparable; reasons is a JSON array.
CREATE TABLE IF NOT EXISTS ratings (
	kiosk        TEXT NOT NULL,
	epoch        TEXT NOT NULL,
	seq          INTEGER NOT NULL,
	commune      TEXT NOT NULL,
	ticket_id    INTEGER NOT NULL,
	day          TEXT NOT NULL,
	counter_id   INTEGER NOT NULL,
	staff_id     TEXT NOT NULL,
	service_id   TEXT NOT NULL,
	dossier_code TEXT,
	score        INTEGER NOT NULL,
	scale        INTEGER NOT NULL,
	class        TEXT NOT NULL,
	reasons      TEXT NOT NULL DEFAULT '[]',
	at           TEXT NOT NULL,
	PRIMARY KEY (kiosk, epoch, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ratings_commune_day ON ratings(commune, day);
CREATE INDEX IF NOT EXISTS ratings_day ON ratings(day);
