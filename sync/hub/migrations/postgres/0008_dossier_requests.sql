-- The dossier_state command a dossier's row waits on, as SQLite's 0008_dossier_requests.sql.
ALTER TABLE dossiers ADD COLUMN requested bigint;
CREATE INDEX dossiers_received ON dossiers(commune, received_at);
