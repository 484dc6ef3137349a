-- A state IT set at the hub for a dossier (a dossier_state command) stays "requested" on the
-- dossier's row until the kiosk's event naming that command comes back (its "upstream"
-- member), so the dossiers page shows it pending; the command's row says how it went.
ALTER TABLE dossiers ADD COLUMN requested INTEGER;
CREATE INDEX dossiers_received ON dossiers(commune, received_at);
