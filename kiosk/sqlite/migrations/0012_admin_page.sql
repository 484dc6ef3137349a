-- The admin page's changes. audit is the list an admin reads ("who changed what, when"),
-- one row per change in the same transaction as the change and its outbox event
-- (outbox_seq); it outlives the outbox, whose acknowledged rows are pruned.
CREATE TABLE audit (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	actor_name TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL,
	summary    TEXT NOT NULL,
	summary_en TEXT NOT NULL DEFAULT '',
	outbox_seq INTEGER NOT NULL
) STRICT;

-- A disabled account cannot log in and is not offered on the login screens; its history
-- (tickets served, counter time) keeps its name.
ALTER TABLE staff ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

-- Badge photos, already cropped square and resized (JPEG); sha256 versions the URL so
-- screens fetch a new photo at once and cache an unchanged one.
CREATE TABLE staff_photos (
	staff_id   TEXT PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
	jpeg       BLOB NOT NULL,
	sha256     TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
