-- One row per ticket a kiosk issued (hub.ticketOf), made and updated on ingest in the same
-- transaction as its events: issued, then called (the first call: the wait ends), finished
-- or no-show. The fleet view's tickets of the day and the province reports (tickets,
-- waiting times per commune) read this table, not the raw events. ticket_id is the kiosk's
-- own; day its local day; commune the sending kiosk's at the time.
CREATE TABLE tickets (
	kiosk       TEXT NOT NULL,
	ticket_id   INTEGER NOT NULL,
	commune     TEXT NOT NULL,
	day         TEXT NOT NULL,
	service_id  TEXT NOT NULL,
	issued_at   TEXT NOT NULL,
	called_at   TEXT,
	finished_at TEXT,
	no_show     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kiosk, ticket_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX tickets_day ON tickets(day, commune);
CREATE INDEX ratings_kiosk_day ON ratings(day, kiosk);
