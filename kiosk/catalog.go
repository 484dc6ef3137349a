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
	// marks, best first: matches in the name before matches elsewhere. Every word is
	// matched as a prefix, so results follow the typing. An empty query returns none.
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

// CatalogStore keeps the catalog. Replace swaps the whole catalog for the stream's in one
// transaction: after any error, the stream's included, the previous catalog is still
// there, whole.
type CatalogStore interface {
	CatalogReader
	Replace(ctx context.Context, procedures ProcedureStream, hash string) error
}

// CatalogService is the catalog as the rest of the kiosk sees it.
type CatalogService interface {
	CatalogReader
	// Apply validates a bundle (JSON bytes) and, if it is good and not older than the one
	// held, replaces the catalog with it in one transaction, returning its version. The
	// CLI import and the sync worker both call it. A refused bundle changes nothing; the
	// error is EINVALID naming the record and field at fault, or ECONFLICT for an older
	// version.
	Apply(ctx context.Context, bundle []byte) (version int64, err error)
}
