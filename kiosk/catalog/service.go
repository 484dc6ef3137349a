package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/motcua/motcua/kiosk"
)

// Service is the kiosk's catalog: reads go straight to the store; Apply is the one path
// by which a bundle (from `motcua catalog import`, the sync worker or the first run's
// demo) replaces the catalog.
type Service struct {
	kiosk.CatalogStore
	// Publisher, when set, hears "catalog.changed" after a new catalog is applied, so the
	// screens reload what they show.
	Publisher kiosk.Publisher

	mu sync.Mutex // one Apply at a time, so the version check and the swap are one step
}

var _ kiosk.CatalogService = (*Service)(nil)

// NewService returns the catalog service over store.
func NewService(store kiosk.CatalogStore, pub kiosk.Publisher) *Service {
	return &Service{CatalogStore: store, Publisher: pub}
}

// Apply validates bundle and, when it is good, replaces the catalog in one transaction.
// It refuses (changing nothing) a bundle with any problem (*RefusedError, EINVALID), and
// one older than the catalog held (ECONFLICT) — a sync must never roll the catalog back.
// The same version again is accepted as a no-op when the bytes are the same, and replaces
// the demo catalog; otherwise a new version is needed.
func (s *Service) Apply(ctx context.Context, bundle []byte) (int64, error) {
	// Two passes over the bytes: the first validates everything and keeps nothing, the
	// second (inside the store's transaction) decodes and inserts one procedure at a time.
	b, err := scan(bundle, true, nil)
	if err != nil {
		return 0, fmt.Errorf("apply catalog bundle: %w", err)
	}
	sum := sha256.Sum256(bundle)
	hash := hex.EncodeToString(sum[:])

	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.Info(ctx)
	switch {
	case kiosk.ErrorCode(err) == kiosk.ENOTFOUND:
	case err != nil:
		return 0, fmt.Errorf("apply catalog bundle v%d: %w", b.Version, err)
	case cur.Hash == hash:
		return cur.Version, nil
	case b.Version < cur.Version || (b.Version == cur.Version && !cur.Demo):
		return 0, fmt.Errorf("apply catalog bundle v%d: %w", b.Version, kiosk.Errorf(kiosk.ECONFLICT,
			fmt.Sprintf("Gói danh mục phiên bản %d không mới hơn phiên bản đang dùng (%d); danh mục cũ được giữ nguyên.", b.Version, cur.Version),
			fmt.Sprintf("bundle version %d is not newer than the catalog held (version %d); the previous catalog is kept", b.Version, cur.Version)))
	}
	stream := func(yield func(*kiosk.Procedure) error) error {
		_, err := scan(bundle, false, yield)
		return err
	}
	if err := s.Replace(ctx, &b.Catalog, stream, hash); err != nil {
		return 0, fmt.Errorf("apply catalog bundle v%d: %w", b.Version, err)
	}
	if s.Publisher != nil {
		s.Publisher.Publish(kiosk.Notice{Kind: "catalog.changed", Data: map[string]any{"version": b.Version}})
	}
	return b.Version, nil
}

// LoadDemoIfEmpty applies the embedded demo bundle when the kiosk has no catalog yet (the
// first run), and does nothing otherwise. It reports whether it loaded the demo.
func (s *Service) LoadDemoIfEmpty(ctx context.Context) (bool, error) {
	_, err := s.Info(ctx)
	if kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		return false, err
	}
	if _, err := s.Apply(ctx, demoBundle); err != nil {
		return false, fmt.Errorf("load demo catalog: %w", err)
	}
	return true, nil
}
