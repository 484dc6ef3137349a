-- The procedure catalog, replaced whole by each bundle (kiosk/catalog.Service.Apply) in
-- one transaction. Procedures and fields are kept as the bundle's JSON (body) plus the
-- columns the screens list and sort by. A procedure's body (often 10 KB and more) lives in
-- its own table: in the same row it would push the listed columns onto overflow pages,
-- and every search result would read them.

-- The catalog held now: one row once a bundle has been applied.
CREATE TABLE catalog_info (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	version    INTEGER NOT NULL,
	issued_at  TEXT NOT NULL,
	applied_at TEXT NOT NULL,
	issuer     TEXT NOT NULL,
	demo       INTEGER NOT NULL,
	hash       TEXT NOT NULL
) STRICT;

CREATE TABLE catalog_fields (
	position INTEGER PRIMARY KEY, -- order in the bundle: the order of the tiles
	name     TEXT NOT NULL UNIQUE,
	body     TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE catalog_procedures (
	id          INTEGER PRIMARY KEY, -- order in the bundle; also the rowid in catalog_fts
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	field       TEXT NOT NULL,
	service     TEXT NOT NULL,
	name_en     TEXT NOT NULL,
	name_folded TEXT NOT NULL -- kiosk.Fold(name): ranking puts name matches first
) STRICT;

CREATE TABLE catalog_bodies (
	id   INTEGER PRIMARY KEY REFERENCES catalog_procedures(id) ON DELETE CASCADE,
	body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE INDEX catalog_procedures_field ON catalog_procedures(field, id);

-- Search indexes over text folded in Go by kiosk.Fold (lower case, no marks, đ→d): the
-- unicode61 tokenizer alone never folds đ. Contentless: the text lives in
-- catalog_procedures; rowid = catalog_procedures.id. Prefix indexes make the as-you-type
-- prefix queries cheap.
--
-- Names alone, with positions, for the phrase and all-words-in-the-name stages of search.
CREATE VIRTUAL TABLE catalog_names USING fts5(
	name,
	content = '',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2 3'
);

-- Everything searchable, without positions (detail=column): the long document lists make
-- position data costly to rank, and these stages need no phrases.
CREATE VIRTUAL TABLE catalog_fts USING fts5(
	name, field, documents, result, other,
	content = '',
	detail = column,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2 3'
);
