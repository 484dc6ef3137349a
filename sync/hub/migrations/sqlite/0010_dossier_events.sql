-- The dossier export reads each dossier's own events (its intake: procedure, applicant, fee;
-- its corrections; every step for the progress rows) beside its row: this finds them by
-- kiosk and code without reading every event of the kiosk.
CREATE INDEX events_dossier ON events(kiosk, json_extract(body, '$.code'))
	WHERE kind IN ('dossier.received', 'dossier.changed');
