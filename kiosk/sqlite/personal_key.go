package sqlite

import (
	"context"
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

	"github.com/motcua/motcua/kiosk"
)

// PersonalKeyFile is the key that seals applicants' personal data, in the data directory
// beside the database and never inside it: a copy of motcua.db alone (a backup carried
// off, a disk image) reads no ID number, phone or address. Mode 0600, made on first use.
// Back it up with the database, apart from it: without it the sealed data is lost.
const PersonalKeyFile = "personal.key"

// personalKey seals personal data with AES-256-GCM and makes the blind indexes that find
// a dossier by phone or ID number without storing either. Both keys are derived from the
// file's 32 random bytes, so one file serves both and neither reveals the other.
type personalKey struct {
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

func newPersonalKey(master []byte) (*personalKey, error) {
	block, err := aes.NewCipher(derive(master, "seal"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &personalKey{aead: aead, index: derive(master, "index")}, nil
}

// seal encrypts plain, bound to aad (the dossier's code): a sealed blob moved to another
// row does not open.
func (k *personalKey) seal(plain []byte, aad string) []byte {
	nonce := make([]byte, k.aead.NonceSize())
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails on Linux (Go ≥ 1.24 panics instead)
	out := append([]byte{sealVersion}, nonce...)
	return k.aead.Seal(out, nonce, plain, []byte(aad))
}

// errSealBroken is a sealed blob that does not open: another key, or damaged bytes.
var errSealBroken = errors.New("sealed personal data does not open with this kiosk's key")

func (k *personalKey) open(blob []byte, aad string) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(blob) < 1+n || blob[0] != sealVersion {
		return nil, errSealBroken
	}
	plain, err := k.aead.Open(nil, blob[1:1+n], blob[1+n:], []byte(aad))
	if err != nil {
		return nil, errSealBroken
	}
	return plain, nil
}

// blindIndex is a keyed hash of a normalised value: equal values give equal indexes, and
// without the key file nobody can test a guessed phone number against the database.
func (k *personalKey) blindIndex(kind, value string) string {
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, k.index)
	m.Write([]byte(kind + "\x00" + value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// personalKey returns the kiosk's key, read once from the data directory. create allows
// making it when it does not exist yet, but only while the database holds nothing sealed:
// a missing key file with sealed data is a lost key (or a database copied without it), and
// a new key would hide that while every sealed row stays unreadable.
func (db *DB) personalKey(ctx context.Context, create bool) (*personalKey, error) {
	db.keyMu.Lock()
	defer db.keyMu.Unlock()
	if db.key != nil {
		return db.key, nil
	}
	path := filepath.Join(filepath.Dir(db.Path), PersonalKeyFile)
	master, err := readPersonalKey(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		var sealed bool
		if err := db.w.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dossiers WHERE personal IS NOT NULL)`).Scan(&sealed); err != nil {
			return nil, storageError(db.Path, err)
		}
		if sealed {
			return nil, keyError(path, err)
		}
		master, err = writePersonalKey(path)
	}
	if err != nil {
		return nil, keyError(path, err)
	}
	k, err := newPersonalKey(master)
	if err != nil {
		return nil, err
	}
	db.key = k
	return k, nil
}

// keyError says what is wrong with the key file in words an installer can act on.
func keyError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %w", kiosk.Errorf(kiosk.EUNAVAILABLE,
			"Không tìm thấy tệp khóa dữ liệu cá nhân "+path+" trong khi cơ sở dữ liệu còn dữ liệu đã mã hóa. Xin chép lại tệp khóa từ bản sao lưu.",
			"the personal data key "+path+" is missing while the database holds sealed data; restore it from the backup"), err)
	}
	return fmt.Errorf("%w: %w", kiosk.Errorf(kiosk.EUNAVAILABLE,
		"Tệp khóa dữ liệu cá nhân "+path+" không dùng được ("+err.Error()+").",
		"the personal data key "+path+" cannot be used: "+err.Error()), err)
}

func readPersonalKey(path string) ([]byte, error) {
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

// writePersonalKey makes a new random key file, durably and atomically: written and synced
// under a temporary name, then linked into place, which fails if another process made one
// in the meantime (its key is then read); a crash leaves either no key file or a whole one.
func writePersonalKey(path string) ([]byte, error) {
	master := make([]byte, 32)
	_, _ = rand.Read(master)
	tmp := path + ".new-" + randomID()[:8]
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
		return readPersonalKey(path)
	} else if err != nil {
		return nil, err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return master, nil
}
