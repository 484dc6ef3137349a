-- Dossiers (hồ sơ) received at the desk, their events, and the audit log of personal data.

-- The last dossier number per receiving unit (agency code) and local day. Incremented in
-- the same transaction as the dossier it numbers, so a code once committed is never given
-- again, and a rolled-back intake leaves no gap.
CREATE TABLE dossier_numbers (
	agency TEXT NOT NULL,
	day    TEXT NOT NULL,
	last   INTEGER NOT NULL,
	PRIMARY KEY (agency, day)
) STRICT;

-- One row per dossier: its current state (the events below are its history). The
-- applicant's personal data is in `personal`, sealed with AES-256-GCM under the key file
-- beside the database (personal.key), bound to the code; the name stays in the clear for
-- the clerks' lists and search (name_folded: kiosk.Fold), and phone and ID number are
-- found through keyed hashes (blind indexes), never stored in the clear. The purge
-- empties all of them but name_masked.
CREATE TABLE dossiers (
	id             INTEGER PRIMARY KEY,
	code           TEXT NOT NULL UNIQUE,
	agency         TEXT NOT NULL,
	day            TEXT NOT NULL,
	number         INTEGER NOT NULL,
	procedure_code TEXT NOT NULL,
	procedure_name TEXT NOT NULL,
	field          TEXT NOT NULL DEFAULT '',
	case_name      TEXT NOT NULL DEFAULT '',
	processing     TEXT NOT NULL CHECK (json_valid(processing)),
	status         INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
	received_at    TEXT NOT NULL,
	appointment    TEXT NOT NULL DEFAULT '',
	-- Nanoseconds of statutory time left while the clock waits for documents (status 5).
	paused_left    INTEGER NOT NULL DEFAULT 0,
	name           TEXT NOT NULL,
	name_masked    TEXT NOT NULL,
	name_folded    TEXT NOT NULL,
	phone_index    TEXT NOT NULL DEFAULT '',
	id_index       TEXT NOT NULL DEFAULT '',
	personal       BLOB,
	documents      TEXT NOT NULL CHECK (json_valid(documents)),
	sets           INTEGER NOT NULL DEFAULT 1,
	notes          TEXT NOT NULL DEFAULT '',
	fee_vnd        INTEGER NOT NULL DEFAULT 0,
	fee_status     TEXT NOT NULL,
	return_method  TEXT NOT NULL,
	ticket_id      INTEGER NOT NULL DEFAULT 0,
	counter_id     INTEGER NOT NULL DEFAULT 0,
	staff_id       TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	closed_at      TEXT NOT NULL DEFAULT '',
	-- The outbox seq of the dossier's latest event: its data may be purged only once the
	-- hub holds it (meta synced_through).
	last_seq       INTEGER NOT NULL,
	purged_at      TEXT NOT NULL DEFAULT '',
	UNIQUE (agency, day, number)
) STRICT;
CREATE INDEX dossiers_status ON dossiers(status, appointment);
-- The lists in their order without a sort, by appointment: every dossier not yet final
-- (open), those whose clock runs (due today, overdue). The queries repeat these WHERE
-- terms word for word, which is how SQLite knows it may use a partial index.
CREATE INDEX dossiers_open ON dossiers(appointment, id) WHERE status NOT IN (3, 7, 8, 10);
CREATE INDEX dossiers_running ON dossiers(appointment, id) WHERE status IN (2, 4, 6);
CREATE INDEX dossiers_open_procedure ON dossiers(procedure_code, appointment, id) WHERE status NOT IN (3, 7, 8, 10);
-- Name search scans this narrow index, not the wide rows (kiosk.Fold of the name).
CREATE INDEX dossiers_name ON dossiers(name_folded);
-- A code's last digits (the day's number) typed at the counter.
CREATE INDEX dossiers_number ON dossiers(number, day);
CREATE INDEX dossiers_phone ON dossiers(phone_index);
CREATE INDEX dossiers_id_number ON dossiers(id_index);
CREATE INDEX dossiers_to_purge ON dossiers(closed_at) WHERE purged_at = '' AND closed_at <> '';

-- Every action on a dossier (the tracking sheet), with the seq of its outbox event.
CREATE TABLE dossier_events (
	id         INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
	seq        INTEGER NOT NULL,
	action     TEXT NOT NULL,
	body       TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, id);

-- Every view and change of personal data (Law 91/2025): who, when, which dossier, which
-- fields; never the values.
CREATE TABLE personal_audit (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	staff_id   TEXT NOT NULL,
	action     TEXT NOT NULL CHECK (action IN ('create', 'view', 'change', 'search', 'export', 'purge')),
	dossier_id INTEGER REFERENCES dossiers(id),
	fields     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX personal_audit_dossier ON personal_audit(dossier_id, id);
