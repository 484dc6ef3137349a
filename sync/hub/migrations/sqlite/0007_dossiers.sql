-- One row per dossier a kiosk received (hub.dossierOf), made and updated on ingest from
-- dossier.received and dossier.changed in the same transaction as the events, for the
-- province reports: received, finished on time or late, open past the appointment.
-- finished_at is when it first reached "result ready" (9) or "returned" (10); cancelled
-- marks a refused, withdrawn or stopped one (3, 7, 8), counted apart.
CREATE TABLE dossiers (
	kiosk       TEXT NOT NULL,
	code        TEXT NOT NULL,
	commune     TEXT NOT NULL,
	day         TEXT NOT NULL,  -- local day of receipt
	received_at TEXT NOT NULL,
	appointment TEXT,
	status      INTEGER NOT NULL,
	finished_at TEXT,
	cancelled   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kiosk, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX dossiers_day ON dossiers(day, commune);
