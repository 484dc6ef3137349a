-- Facts about this database itself: its epoch (a random id made at creation, so a kiosk
-- restored from a backup is never taken for a replay), the kiosk id, sync progress.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- Every change the province must see, written in the same transaction as the change.
-- AUTOINCREMENT: seq is never reused, even after old synced rows are deleted; and since
-- sqlite_sequence is updated inside the same transaction, a rollback leaves no gap.
CREATE TABLE outbox (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	kind       TEXT NOT NULL CHECK (kind <> ''),
	body       TEXT NOT NULL CHECK (json_valid(body)),
	created_at TEXT NOT NULL
) STRICT;

-- Small local settings changed at run time (the display's notice line…); configuration
-- proper comes from the config file and signed bundles.
CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
