package sqlite

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Bounds of a stored argon2id PIN hash. A staff bundle brings hashes made at the
// province, and their parameters decide what each login costs this kiosk: threads=0
// panics inside argon2, and m=4 GiB would take the kiosk's memory at the first login.
// The floor keeps a hash from being cheap to guess offline (OWASP: 7 MiB with 5 passes).
const (
	minArgonMemory  = 7 * 1024   // KiB
	maxArgonMemory  = 256 * 1024 // KiB
	maxArgonTime    = 10
	maxArgonThreads = 8
)

// pinHash is a parsed "argon2id$t$m$p$salt$key".
type pinHash struct {
	time, memory uint32
	threads      uint8
	salt, key    []byte
}

// parsePINHash reads a stored hash and refuses one whose parameters are out of bounds.
func parsePINHash(stored string) (pinHash, error) {
	var h pinHash
	parts := strings.Split(stored, "$")
	if len(parts) != 6 || parts[0] != "argon2id" {
		return h, fmt.Errorf("not an argon2id$t$m$p$salt$key hash")
	}
	t, err1 := strconv.ParseUint(parts[1], 10, 32)
	m, err2 := strconv.ParseUint(parts[2], 10, 32)
	p, err3 := strconv.ParseUint(parts[3], 10, 8)
	if err1 != nil || err2 != nil || err3 != nil {
		return h, fmt.Errorf("argon2id parameters are not numbers")
	}
	switch {
	case t < 1 || t > maxArgonTime:
		return h, fmt.Errorf("argon2id time %d outside 1–%d", t, maxArgonTime)
	case p < 1 || p > maxArgonThreads:
		return h, fmt.Errorf("argon2id threads %d outside 1–%d", p, maxArgonThreads)
	case m < minArgonMemory || m > maxArgonMemory:
		return h, fmt.Errorf("argon2id memory %d KiB outside %d–%d", m, minArgonMemory, maxArgonMemory)
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	switch {
	case err1 != nil || err2 != nil:
		return h, fmt.Errorf("argon2id salt or key is not base64")
	case len(salt) < 8 || len(salt) > 64:
		return h, fmt.Errorf("argon2id salt of %d bytes outside 8–64", len(salt))
	case len(key) < 16 || len(key) > 64:
		return h, fmt.Errorf("argon2id key of %d bytes outside 16–64", len(key))
	}
	return pinHash{time: uint32(t), memory: uint32(m), threads: uint8(p), salt: salt, key: key}, nil
}
