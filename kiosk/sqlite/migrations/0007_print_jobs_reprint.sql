-- Print jobs v2 (issue 9): a job is 'printed' only when the printer's status after it was
-- known and healthy. Otherwise it stays 'queued' and is sent again whole; resend says an
-- earlier attempt may already have put part of it on paper, so the next attempt sends
-- `reprint` (the same page marked "IN LẠI") when there is one. Tickets and slips that waited
-- too long become 'expired' instead of printing for the next villager. 'held' (v1: taken
-- while the printer said it could not print, never resent) stays for old rows only.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE print_jobs_v2 (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	kind       TEXT NOT NULL CHECK (kind <> ''),
	ref        TEXT NOT NULL DEFAULT '',
	data       BLOB NOT NULL,
	reprint    BLOB,
	resend     INTEGER NOT NULL DEFAULT 0 CHECK (resend IN (0, 1)),
	state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printed', 'held', 'cancelled', 'expired')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	done_at    TEXT
) STRICT;

INSERT INTO print_jobs_v2 (id, kind, ref, data, state, attempts, last_error, created_at, done_at)
	SELECT id, kind, ref, data, state, attempts, last_error, created_at, done_at FROM print_jobs;
-- Ids are never reused, even those of pruned jobs: carry the old table's sequence over.
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'print_jobs'), 0))
	WHERE name = 'print_jobs_v2';
INSERT INTO sqlite_sequence (name, seq)
	SELECT 'print_jobs_v2', seq FROM sqlite_sequence WHERE name = 'print_jobs'
	AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'print_jobs_v2');
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v2 RENAME TO print_jobs;
CREATE INDEX print_jobs_queued ON print_jobs(id) WHERE state = 'queued';
