-- Kiosk binaries of update bundles, as SQLite's 0008_updates.sql.
CREATE TABLE update_binaries (
	sha256    text PRIMARY KEY,
	size      bigint NOT NULL,
	stored_at timestamptz NOT NULL
);

CREATE TABLE update_chunks (
	sha256 text NOT NULL REFERENCES update_binaries(sha256),
	n      bigint NOT NULL,
	data   bytea NOT NULL,
	PRIMARY KEY (sha256, n)
);
-- A binary does not compress much; stored as is, a chunk is read without inflating it.
ALTER TABLE update_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
