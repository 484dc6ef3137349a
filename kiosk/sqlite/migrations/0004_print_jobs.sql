-- The print spool: each job is the exact ESC/POS bytes to send, printed in id order by one
-- worker. A job leaves 'queued' only when the printer has taken every byte ('printed', or
-- 'held' when the printer said right after that it cannot print now, e.g. out of paper: it
-- will print the job itself when refilled, so sending it again would print it twice), or
-- when a clerk cancels it.
CREATE TABLE print_jobs (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	kind       TEXT NOT NULL CHECK (kind <> ''),
	ref        TEXT NOT NULL DEFAULT '',
	data       BLOB NOT NULL,
	state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printed', 'held', 'cancelled')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	done_at    TEXT
) STRICT;

CREATE INDEX print_jobs_queued ON print_jobs(id) WHERE state = 'queued';
