package kiosk

import (
	"context"
	"time"
)

// Field is a lĩnh vực: the group a procedure belongs to, shown as a tile on the kiosk.
type Field struct {
	Name        string `json:"name"`
	Code        string `json:"code,omitempty"`
	Description string `json:"description,omitempty"`
	// Translations holds the field's name in other languages, keyed by language ("en").
	Translations map[string]string `json:"translations,omitempty"`
}

// Catalog is one version of the procedure catalog, as a bundle carries it.
type Catalog struct {
	Version    int64       `json:"version"`
	IssuedAt   time.Time   `json:"issued_at"`
	Issuer     string      `json:"issuer,omitempty"`
	Demo       bool        `json:"demo,omitempty"` // the demo content shipped with the kiosk
	Fields     []Field     `json:"fields"`
	Procedures []Procedure `json:"procedures"`
	// Synonyms are the everyday words villagers search with and the catalog's words for
	// them, applied to each query; the province extends them with its own.
	Synonyms []Synonym `json:"synonyms,omitempty"`
}

// Synonym says that each of Terms, typed in a search, means Means: "sổ đỏ" and "sổ hồng"
// mean "giấy chứng nhận quyền sử dụng đất", "báo tử" means "khai tử". Terms and Means are
// compared folded (marks optional), word by word. An empty Means marks words that say
// nothing about which procedure is wanted ("xin", "cho con"): search leaves them out.
type Synonym struct {
	Terms []string `json:"terms"`
	Means string   `json:"means"`
}

// CatalogInfo describes the catalog a kiosk holds now.
type CatalogInfo struct {
	Version    int64     `json:"version"`
	IssuedAt   time.Time `json:"issued_at"`
	AppliedAt  time.Time `json:"applied_at"`
	Issuer     string    `json:"issuer,omitempty"`
	Demo       bool      `json:"demo"`
	Hash       string    `json:"hash"` // SHA-256 of the bundle bytes, hex
	Procedures int       `json:"procedures"`
}

// FieldCount is a field with how many procedures it holds.
type FieldCount struct {
	Field
	Count int `json:"count"`
}

// ProcedureSummary is a procedure as a result list shows it.
type ProcedureSummary struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Field   string `json:"field"`
	Service string `json:"service,omitempty"`
	NameEN  string `json:"name_en,omitempty"`
	// Names is the name in the other languages the bundle translates it into, by code
	// ("en", "bdq", …); a language missing here shows the Vietnamese, marked untranslated.
	Names map[string]string `json:"names,omitempty"`
	// Score says how well a search result matches the query, from SearchThreshold (just
	// good enough to show) to 1 (every word found in the name); zero outside search.
	Score float64 `json:"score,omitempty"`
}

// CatalogReader answers the kiosk screens and counter pages. Anyone may call it (the
// catalog is public information).
type CatalogReader interface {
	// Info returns the catalog held now; ENOTFOUND when none was ever applied.
	Info(ctx context.Context) (CatalogInfo, error)
	// Fields returns the fields in bundle order with their procedure counts.
	Fields(ctx context.Context) ([]FieldCount, error)
	// ByField returns a field's procedures in bundle order; ENOTFOUND for an unknown field.
	ByField(ctx context.Context, field string) ([]ProcedureSummary, error)
	// Search returns at most limit procedures for what a person typed, with or without
	// marks, best first, and only those that match well (Score ≥ SearchThreshold): an
	// empty list means nothing did, and the kiosk says so rather than list what merely
	// shares a word. Queries are read as SearchQuery reads them (synonyms, words that say
	// nothing, the last word as a prefix); names and keywords are searched, not the
	// document lists. An empty query returns none.
	Search(ctx context.Context, query string, limit int) ([]ProcedureSummary, error)
	// Procedure returns one procedure by code; ENOTFOUND when the catalog has none.
	Procedure(ctx context.Context, code string) (*Procedure, error)
}

// ProcedureStream hands a catalog's procedures to yield one at a time, in catalog order,
// stopping at yield's first error and returning it; at the end it returns the catalog's
// header and fields (Procedures left empty), or the error that refuses the catalog. A
// large catalog is applied from a stream so it never sits in memory whole.
type ProcedureStream func(yield func(*Procedure) error) (*Catalog, error)

// StreamOf streams a catalog held in memory.
func StreamOf(c *Catalog) ProcedureStream {
	return func(yield func(*Procedure) error) (*Catalog, error) {
		for i := range c.Procedures {
			if err := yield(&c.Procedures[i]); err != nil {
				return nil, err
			}
		}
		head := *c
		head.Procedures = nil
		return &head, nil
	}
}

// ProcedureUse is something done with a procedure at this desk. Search counts them so
// that, among procedures matching a query equally well, those the commune actually
// handles come first.
type ProcedureUse string

// Uses counted. Tickets are not: a ticket is for a queue service, not a procedure.
const (
	UseOpened   ProcedureUse = "opened"   // its page was opened (kiosk or counter)
	UsePrinted  ProcedureUse = "printed"  // its "what to bring" slip was printed
	UseReceived ProcedureUse = "received" // a dossier for it was received at the desk
)

// UseCounter counts what is done with procedures, by code; the counts outlive catalog
// versions. The web layer counts opened and printed; the dossier service counts received.
type UseCounter interface {
	// CountUse adds one use of the procedure with this code; EINVALID for an unknown use.
	// A code the catalog does not hold (any more) is counted all the same.
	CountUse(ctx context.Context, code string, use ProcedureUse) error
}

// CatalogStore keeps the catalog. Replace swaps the whole catalog for the stream's in one
// transaction: after any error, the stream's included, the previous catalog is still
// there, whole.
type CatalogStore interface {
	CatalogReader
	UseCounter
	Replace(ctx context.Context, procedures ProcedureStream, hash string) error
}

// CatalogService is the catalog as the rest of the kiosk sees it.
type CatalogService interface {
	CatalogReader
	UseCounter
	// Apply validates a bundle (JSON bytes) and, if it is good and not older than the one
	// held, replaces the catalog with it in one transaction, returning its version. The
	// CLI import and the sync worker both call it. A refused bundle changes nothing; the
	// error is EINVALID naming the record and field at fault, or ECONFLICT for an older
	// version.
	Apply(ctx context.Context, bundle []byte) (version int64, err error)
}
