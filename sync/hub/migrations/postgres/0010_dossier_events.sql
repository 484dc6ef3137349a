-- A dossier's events by kiosk and code, for the export, as SQLite's 0010_dossier_events.sql.
CREATE INDEX events_dossier ON events (kiosk, (body->>'code'))
	WHERE kind IN ('dossier.received', 'dossier.changed');
