-- Uploaded kiosk logs and command arguments, as SQLite's 0006_kiosk_logs.sql.
CREATE TABLE kiosk_logs (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kiosk       text NOT NULL,
	command_id  bigint NOT NULL DEFAULT 0,
	received_at timestamptz NOT NULL,
	bytes       bigint NOT NULL,
	body        bytea NOT NULL
);
CREATE INDEX kiosk_logs_kiosk ON kiosk_logs(kiosk, id);

ALTER TABLE commands ADD COLUMN arg text NOT NULL DEFAULT '';
