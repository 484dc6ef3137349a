-- The nine-indicator assessment of a returned dossier (kiosk.Assessment), one per dossier:
-- the dossier is the key, so a second tap, the pad and a replayed receipt QR cannot add
-- another. scores is a JSON object of indicator id → score (an indicator skipped or not
-- computable is absent); bodies is the hand-over breakdown behind body_time. service_id,
-- staff_id and returned_at are copied from the dossier as it was returned, so reports read
-- this table alone.
CREATE TABLE assessments (
	dossier_id   INTEGER PRIMARY KEY REFERENCES dossiers(id),
	dossier_code TEXT NOT NULL UNIQUE,
	day          TEXT NOT NULL,
	procedure    TEXT NOT NULL,
	service_id   TEXT NOT NULL,
	staff_id     TEXT NOT NULL,
	counter_id   INTEGER NOT NULL DEFAULT 0,
	ticket_id    INTEGER,
	scores       TEXT NOT NULL CHECK (json_valid(scores)),
	bodies       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bodies)),
	via          TEXT NOT NULL CHECK (via IN ('pad', 'qr')),
	returned_at  TEXT NOT NULL,
	at           TEXT NOT NULL
) STRICT;
CREATE INDEX assessments_day ON assessments(day);

-- The pad looks for the dossiers a clerk handed back while serving a ticket.
CREATE INDEX dossiers_closed ON dossiers(closed_at) WHERE status = 10;
