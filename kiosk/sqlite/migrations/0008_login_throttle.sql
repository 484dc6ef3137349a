-- Wrong PINs, counted per staff account and per source address in leaky buckets
-- (kiosk.Throttle): level failures not yet forgotten as of level_at, and the end of the
-- wait the last failure imposed. A genuine login leaves a bucket as it is, so guesses
-- between logins add up. This replaces the per-account count that each login reset and
-- its one fixed lock.
CREATE TABLE login_throttle (
	kind          TEXT NOT NULL CHECK (kind IN ('staff', 'source')),
	key           TEXT NOT NULL,
	level         INTEGER NOT NULL CHECK (level >= 0),
	level_at      TEXT NOT NULL,
	blocked_until TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (kind, key)
) STRICT;

ALTER TABLE staff DROP COLUMN failures;
ALTER TABLE staff DROP COLUMN locked_until;
