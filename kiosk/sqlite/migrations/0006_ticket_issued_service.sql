-- A transferred ticket keeps its number and code (A002 sent to line B stays A002), so a
-- number belongs to the line that issued it, not to the line it waits in. Until now one
-- column held both, and UNIQUE(day, service_id, number) made a transfer collide with the
-- new line's numbers: B002 could no longer be issued, A001 could not join a line holding
-- B001, and D002 failed for the rest of the day.
--
-- The old column becomes issued_service, taking the UNIQUE constraint with it (RENAME
-- COLUMN rewrites it: no table rebuild, which the foreign keys from counters and calls
-- would refuse inside this transaction); service_id is added back as the line the ticket
-- waits in now, which every call, count and estimate reads.
ALTER TABLE tickets RENAME COLUMN service_id TO issued_service;
ALTER TABLE tickets ADD COLUMN service_id TEXT NOT NULL DEFAULT '';
UPDATE tickets SET service_id = issued_service;

-- A ticket transferred before this migration cannot tell which line issued it: it counts
-- as issued by the line it was moved to. Move each line's counter past every number its
-- tickets hold, so such a ticket (A002 in line B) makes B skip B002 instead of failing on it.
INSERT INTO queue_numbers(day, service_id, last)
	SELECT day, issued_service, max(number) FROM tickets WHERE true GROUP BY day, issued_service
	ON CONFLICT(day, service_id) DO UPDATE SET last = max(last, excluded.last);
