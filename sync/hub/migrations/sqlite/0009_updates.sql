-- Kiosk binaries of update bundles (hub.UpdateStore), by SHA-256, in chunks of
-- hub.UpdateChunkBytes so a download (or its resumed tail) reads only what it sends.
CREATE TABLE update_binaries (
	sha256    TEXT PRIMARY KEY,
	size      INTEGER NOT NULL,
	stored_at TEXT NOT NULL
) STRICT;

CREATE TABLE update_chunks (
	sha256 TEXT NOT NULL REFERENCES update_binaries(sha256),
	n      INTEGER NOT NULL,
	data   BLOB NOT NULL,
	PRIMARY KEY (sha256, n)
) STRICT;
