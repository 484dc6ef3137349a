-- Applicants' personal data, sealed, as SQLite's 0011_personal.sql.
ALTER TABLE dossiers ADD COLUMN personal bytea;
ALTER TABLE dossiers ADD COLUMN name_masked text NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN id_index text NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN final_at timestamptz;
ALTER TABLE dossiers ADD COLUMN purged_at timestamptz;
CREATE INDEX dossiers_id_index ON dossiers(id_index) WHERE id_index <> '';
CREATE INDEX dossiers_final ON dossiers(final_at) WHERE personal IS NOT NULL;
UPDATE dossiers d SET final_at = (SELECT max(e.received_at) FROM events e
		WHERE e.kiosk = d.kiosk AND (e.body->>'code') = d.code
			AND e.kind IN ('dossier.received', 'dossier.changed') AND e.rejected IS NULL)
	WHERE d.status IN (3, 7, 8, 10);

CREATE TABLE personal_key (
	id         integer PRIMARY KEY CHECK (id = 1),
	key_check  text NOT NULL,
	created_at timestamptz NOT NULL
);
