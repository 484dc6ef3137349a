package hub

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters for IT passwords: OWASP's first choice (19 MiB, 2 passes, one
// lane), the kiosk's PIN hash too. A password of 12 characters or more, the login
// throttle and this together make guessing hopeless; more memory would only let a burst
// of logins take the hub's RAM.
const (
	pwTime    = 2
	pwMemory  = 19 * 1024
	pwThreads = 1
	pwKeyLen  = 32
)

// HashPassword returns the PHC string of pw ($argon2id$v=19$m=…,t=…,p=…$salt$key), the
// form other tools read too.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, pwTime, pwMemory, pwThreads, pwKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, pwMemory, pwTime, pwThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// passwordMatches checks pw against a PHC string, with the parameters the string names
// (so a later change of the constants keeps old hashes valid).
func passwordMatches(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<20 || t == 0 || t > 16 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) < 16 || len(key) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// passwordChecks lets two argon2id checks run at once: each takes 19 MiB and ~30 ms of a
// core, and a burst of logins must take neither the hub's memory nor the cores that serve
// the fleet's ingest.
var passwordChecks = make(chan struct{}, 2)

// dummyHash is checked for unknown users so they take as long as known ones.
var dummyHash = sync.OnceValue(func() string { return HashPassword("not a password of anyone") })

func checkPasswordLimited(ctx context.Context, hash, pw string) (bool, error) {
	select {
	case passwordChecks <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-passwordChecks }()
	if hash == "" {
		passwordMatches(dummyHash(), pw)
		return false, nil
	}
	return passwordMatches(hash, pw), nil
}

// errWeakHash guards CreateUser and SetPassword against storing something that is not a
// hash (a caller passing the password itself).
var errWeakHash = errors.New("not an argon2id hash")

func checkHash(hash string) error {
	if !strings.HasPrefix(hash, "$argon2id$") {
		return errWeakHash
	}
	return nil
}
