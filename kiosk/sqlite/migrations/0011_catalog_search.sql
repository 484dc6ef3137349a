-- Search that understands villagers (docs/catalog.md, Search).
--
-- Search now reads a procedure's name and keywords only: matches deep in the document
-- lists were what buried the answer under noise, and that index was the costliest part of
-- an import. One index over both, with positions; its vocabulary (how many procedures
-- hold each word) weighs the words of a query.
DROP TABLE catalog_fts;
DROP TABLE catalog_names;

CREATE VIRTUAL TABLE catalog_search USING fts5(
	name, keywords,
	content = '',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2 3'
);
CREATE VIRTUAL TABLE catalog_search_vocab USING fts5vocab(catalog_search, 'row');

-- name_folded now holds the name's words folded and joined by single spaces, as scoring
-- reads them; keywords_folded the keywords' alike.
ALTER TABLE catalog_procedures ADD COLUMN keywords_folded TEXT NOT NULL DEFAULT '';
-- 1 when the procedure is handled at commune level (cấp xã): ranked first among equals.
ALTER TABLE catalog_procedures ADD COLUMN commune INTEGER NOT NULL DEFAULT 0;
-- The procedure's rowid in catalog_search. Rowids are given in the order search prefers
-- procedures before reading the query (commune level first, then shorter names), so that
-- the index, which returns matches by rowid, hands the likeliest first and a search can
-- stop after a few hundred without ranking thousands.
ALTER TABLE catalog_procedures ADD COLUMN search_rowid INTEGER;
CREATE UNIQUE INDEX catalog_procedures_search_rowid ON catalog_procedures(search_rowid);

-- The bundle's synonyms, as the bundle gives them (folded when read, so a change to the
-- folding needs no migration); replaced with the catalog, in the same transaction.
CREATE TABLE catalog_synonyms (
	position INTEGER PRIMARY KEY,
	body     TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

-- What was done with each procedure at this desk, by code: kept across catalog versions,
-- so a new bundle does not forget what the commune handles.
CREATE TABLE catalog_usage (
	code     TEXT PRIMARY KEY,
	opened   INTEGER NOT NULL DEFAULT 0,
	printed  INTEGER NOT NULL DEFAULT 0,
	received INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The new index is filled from the procedures held (kiosk/sqlite: reindexCatalog, when
-- the database opens): SQL cannot fold text as kiosk.Fold does.
DELETE FROM meta WHERE key = 'catalog_index';
