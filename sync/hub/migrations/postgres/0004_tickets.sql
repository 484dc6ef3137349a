-- One row per ticket a kiosk issued, as SQLite's 0004_tickets.sql: made and updated on
-- ingest from ticket.issued, ticket.called, ticket.finished and ticket.no_show.
CREATE TABLE tickets (
	kiosk       text NOT NULL,
	ticket_id   bigint NOT NULL,
	commune     text NOT NULL,
	day         text NOT NULL,
	service_id  text NOT NULL,
	issued_at   timestamptz NOT NULL,
	called_at   timestamptz,
	finished_at timestamptz,
	no_show     boolean NOT NULL DEFAULT false,
	PRIMARY KEY (kiosk, ticket_id)
);
CREATE INDEX tickets_day ON tickets(day, commune);
CREATE INDEX ratings_kiosk_day ON ratings(day, kiosk);
