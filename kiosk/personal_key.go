package kiosk

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// PersonalKey seals personal data (Law 91/2025) with AES-256-GCM and makes the blind
// indexes that find a record by phone or ID number without storing either. Both keys are
// derived from a key file's 32 random bytes, so one file serves both and neither reveals
// the other. The kiosk's store (kiosk/sqlite) and the province hub (sync/hub) each keep
// their own file; this is the one sealing code both use.
type PersonalKey struct {
	aead  cipher.AEAD
	index []byte
}

// sealVersion prefixes every sealed blob, so a later key or cipher can be told apart.
const sealVersion = 1

func derive(master []byte, purpose string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte("motcua/personal/" + purpose + "/v1"))
	return m.Sum(nil)
}

// NewPersonalKey makes the key from a key file's 32 bytes (ReadPersonalKey).
func NewPersonalKey(master []byte) (*PersonalKey, error) {
	if len(master) != 32 {
		return nil, errors.New("a personal data key is 32 bytes")
	}
	block, err := aes.NewCipher(derive(master, "seal"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &PersonalKey{aead: aead, index: derive(master, "index")}, nil
}

// Seal encrypts plain, bound to aad (what the blob belongs to, e.g. the dossier's code):
// a sealed blob moved to another row does not open.
func (k *PersonalKey) Seal(plain []byte, aad string) []byte {
	nonce := make([]byte, k.aead.NonceSize())
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails on Linux (Go ≥ 1.24 panics instead)
	out := append([]byte{sealVersion}, nonce...)
	return k.aead.Seal(out, nonce, plain, []byte(aad))
}

// ErrSealBroken is a sealed blob that does not open: another key, another aad, or
// damaged bytes. GCM tells them from the right key's data, so nothing opens wrong.
var ErrSealBroken = errors.New("sealed personal data does not open with this key")

// Open decrypts a blob Seal made with the same key and aad, or returns ErrSealBroken.
func (k *PersonalKey) Open(blob []byte, aad string) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(blob) < 1+n || blob[0] != sealVersion {
		return nil, ErrSealBroken
	}
	plain, err := k.aead.Open(nil, blob[1:1+n], blob[1+n:], []byte(aad))
	if err != nil {
		return nil, ErrSealBroken
	}
	return plain, nil
}

// BlindIndex is a keyed hash of a normalised value: equal values give equal indexes, and
// without the key file nobody can test a guessed phone number against the database.
// kind keeps an ID number's index apart from a phone's with the same digits.
func (k *PersonalKey) BlindIndex(kind, value string) string {
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, k.index)
	m.Write([]byte(kind + "\x00" + value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// PersonalKeyError says what is wrong with the key file at path in words an installer can
// act on (Vietnamese first): missing while sealed data exists, or unusable.
func PersonalKeyError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %w", Errorf(EUNAVAILABLE,
			"Không tìm thấy tệp khóa dữ liệu cá nhân "+path+" trong khi cơ sở dữ liệu còn dữ liệu đã mã hóa. Xin chép lại tệp khóa từ bản sao lưu.",
			"the personal data key "+path+" is missing while the database holds sealed data; restore it from the backup"), err)
	}
	return fmt.Errorf("%w: %w", Errorf(EUNAVAILABLE,
		"Tệp khóa dữ liệu cá nhân "+path+" không dùng được ("+err.Error()+").",
		"the personal data key "+path+" cannot be used: "+err.Error()), err)
}

// ReadPersonalKey reads a key file: 32 bytes in hex, mode 0600 (refused when group or
// others may read it).
func ReadPersonalKey(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("chế độ %o cho người khác đọc được, cần chmod 600 / mode %o lets others read it; chmod 600", st.Mode().Perm(), st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	master, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(master) != 32 {
		return nil, errors.New("không phải khóa 32 byte dạng hex / not a 32-byte hex key")
	}
	return master, nil
}

// WritePersonalKey makes a new random key file, durably and atomically: written and synced
// under a temporary name, then linked into place, which fails if another process made one
// in the meantime (its key is then read); a crash leaves either no key file or a whole one.
// The caller decides whether a new key may be made at all (never while sealed data exists).
func WritePersonalKey(path string) ([]byte, error) {
	master := make([]byte, 32)
	_, _ = rand.Read(master)
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	tmp := path + ".new-" + hex.EncodeToString(suffix)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	_, err = f.WriteString(hex.EncodeToString(master) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return ReadPersonalKey(path)
	} else if err != nil {
		return nil, err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return master, nil
}
