-- Logs a kiosk uploaded for a send_logs command (POST /v1/logs), the newest few per kiosk
-- (hub.KeepLogs); and the argument of a command ("catalog:12" for apply_bundle).
CREATE TABLE kiosk_logs (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	kiosk       TEXT NOT NULL,
	command_id  INTEGER NOT NULL DEFAULT 0,
	received_at TEXT NOT NULL,
	bytes       INTEGER NOT NULL,  -- uncompressed
	body        BLOB NOT NULL      -- gzip, as the kiosk sent it
) STRICT;
CREATE INDEX kiosk_logs_kiosk ON kiosk_logs(kiosk, id);

ALTER TABLE commands ADD COLUMN arg TEXT NOT NULL DEFAULT '';
