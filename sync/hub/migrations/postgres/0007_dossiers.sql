-- One row per dossier a kiosk received, as SQLite's 0007_dossiers.sql.
CREATE TABLE dossiers (
	kiosk       text NOT NULL,
	code        text NOT NULL,
	commune     text NOT NULL,
	day         text NOT NULL,
	received_at timestamptz NOT NULL,
	appointment timestamptz,
	status      integer NOT NULL,
	finished_at timestamptz,
	cancelled   boolean NOT NULL DEFAULT false,
	PRIMARY KEY (kiosk, code)
);
CREATE INDEX dossiers_day ON dossiers(day, commune);
