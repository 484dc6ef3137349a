package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
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
//
// One pass, two goroutines: one reads and validates the bundle procedure by procedure, the
// other inserts each into the open transaction; the verdict (problems, version) comes at
// the end, before the commit, and a refusal rolls everything back. Memory stays bounded by
// the bundle's bytes, whatever the number of procedures.
func (s *Service) Apply(ctx context.Context, bundle []byte) (int64, error) {
	sum := sha256.Sum256(bundle)
	hash := hex.EncodeToString(sum[:])

	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.Info(ctx)
	held := err == nil
	switch {
	case kiosk.ErrorCode(err) == kiosk.ENOTFOUND:
	case err != nil:
		return 0, fmt.Errorf("apply catalog bundle: %w", err)
	case cur.Hash == hash:
		return cur.Version, nil
	}
	var version int64
	stream := func(yield func(*kiosk.Procedure) error) (*kiosk.Catalog, error) {
		ch := make(chan *kiosk.Procedure, 64)
		stop := make(chan struct{})
		var head *Bundle
		var scanErr error
		go func() {
			defer close(ch)
			head, scanErr = scan(bundle, true, func(p *kiosk.Procedure) error {
				select {
				case ch <- p:
					return nil
				case <-stop:
					return errStopped
				}
			})
		}()
		var yieldErr error
		for p := range ch {
			if yieldErr == nil {
				if yieldErr = yield(p); yieldErr != nil {
					close(stop)
				}
			}
		}
		switch {
		case yieldErr != nil:
			return nil, yieldErr
		case scanErr != nil:
			return nil, scanErr
		case held && (head.Version < cur.Version || (head.Version == cur.Version && !cur.Demo)):
			return nil, kiosk.Errorf(kiosk.ECONFLICT,
				fmt.Sprintf("Gói danh mục phiên bản %d không mới hơn phiên bản đang dùng (%d); danh mục cũ được giữ nguyên.", head.Version, cur.Version),
				fmt.Sprintf("bundle version %d is not newer than the catalog held (version %d); the previous catalog is kept", head.Version, cur.Version))
		}
		version = head.Version
		return &head.Catalog, nil
	}
	err = s.Replace(ctx, stream, hash)
	if len(bundle) > 8<<20 {
		// A large import leaves hundreds of megabytes of decoding garbage; a kiosk has
		// little memory to spare, so hand it back now rather than over the next minutes.
		debug.FreeOSMemory()
	}
	if err != nil {
		return 0, fmt.Errorf("apply catalog bundle: %w", err)
	}
	if s.Publisher != nil {
		s.Publisher.Publish(kiosk.Notice{Kind: "catalog.changed", Data: map[string]any{"version": version}})
	}
	return version, nil
}

var errStopped = errors.New("catalog import stopped")

// LoadDemoIfEmpty applies the embedded demo bundle when the kiosk has no catalog of its
// province yet: none at all (the first run), or the demo of an earlier release (whose
// synonyms, say, this release has improved). It does nothing once a province's bundle is
// held. It reports whether it loaded the demo.
func (s *Service) LoadDemoIfEmpty(ctx context.Context) (bool, error) {
	info, err := s.Info(ctx)
	sum := sha256.Sum256(demoBundle)
	switch {
	case kiosk.ErrorCode(err) == kiosk.ENOTFOUND:
	case err != nil:
		return false, err
	case !info.Demo || info.Hash == hex.EncodeToString(sum[:]):
		return false, nil
	}
	if _, err := s.Apply(ctx, demoBundle); err != nil {
		return false, fmt.Errorf("load demo catalog: %w", err)
	}
	return true, nil
}
