package hub

import (
	"os"
	"testing"

	"github.com/motcua/motcua/sync/hub/pgtest"
)

// TestMain stops the throwaway PostgreSQL the tests started, if they started one.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
