-- One row per returned dossier's nine-indicator assessment ("assessment.given", kiosk
-- Assessment), made on ingest in the same transaction as the event. A dossier is assessed
-- once: the first event for a commune's dossier code is kept. scores is a JSON object of
-- indicator id → score; an indicator skipped or not computable is absent.
CREATE TABLE assessments (
	commune      TEXT NOT NULL,
	dossier_code TEXT NOT NULL,
	kiosk        TEXT NOT NULL,
	epoch        TEXT NOT NULL,
	seq          BIGINT NOT NULL,
	day          TEXT NOT NULL,
	procedure    TEXT NOT NULL,
	service_id   TEXT NOT NULL,
	staff_id     TEXT NOT NULL,
	counter_id   INTEGER NOT NULL,
	scores       JSONB NOT NULL,
	via          TEXT NOT NULL,
	at           TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (commune, dossier_code)
);
CREATE INDEX assessments_day ON assessments(day);
