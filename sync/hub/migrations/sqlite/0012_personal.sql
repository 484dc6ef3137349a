-- Applicants' personal data, sealed (personal.go): ingest takes the applicant out of a
-- dossier event's body and keeps it here only, sealed with the hub's key file (AES-256-GCM,
-- bound to kiosk and code), with the masked name for lists and a blind index of the ID
-- number for the export of one person's data. final_at is when the hub received the event
-- that made the dossier final (returned 10, refused 3, withdrawn 7, stopped 8): the purge
-- counts from it, and purged_at says it ran. Events stored before this keep their applicant
-- in the clear until the hub opens the database with its key (sealPlainApplicants, in Go).
ALTER TABLE dossiers ADD COLUMN personal BLOB;
ALTER TABLE dossiers ADD COLUMN name_masked TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN id_index TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN final_at TEXT;
ALTER TABLE dossiers ADD COLUMN purged_at TEXT;
CREATE INDEX dossiers_id_index ON dossiers(id_index) WHERE id_index <> '';
CREATE INDEX dossiers_final ON dossiers(final_at) WHERE personal IS NOT NULL;
UPDATE dossiers SET final_at = (SELECT max(e.received_at) FROM events e
		WHERE e.kiosk = dossiers.kiosk AND json_extract(e.body, '$.code') = dossiers.code
			AND e.kind IN ('dossier.received', 'dossier.changed') AND e.rejected IS NULL)
	WHERE status IN (3, 7, 8, 10);

-- The key the personal data is sealed with, as a keyed hash of a fixed text: a hub given
-- another key file is refused at start, before it seals or opens anything.
CREATE TABLE personal_key (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	key_check  TEXT NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
