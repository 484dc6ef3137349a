package sqlite

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/motcua/motcua/kiosk"
)

// PersonalKeyFile is the key that seals applicants' personal data, in the data directory
// beside the database and never inside it: a copy of motcua.db alone (a backup carried
// off, a disk image) reads no ID number, phone or address. Mode 0600, made on first use.
// Back it up with the database, apart from it: without it the sealed data is lost.
const PersonalKeyFile = "personal.key"

// personalKey returns the kiosk's key, read once from the data directory. create allows
// making it when it does not exist yet, but only while the database holds nothing sealed:
// a missing key file with sealed data is a lost key (or a database copied without it), and
// a new key would hide that while every sealed row stays unreadable.
func (db *DB) personalKey(ctx context.Context, create bool) (*kiosk.PersonalKey, error) {
	db.keyMu.Lock()
	defer db.keyMu.Unlock()
	if db.key != nil {
		return db.key, nil
	}
	path := filepath.Join(filepath.Dir(db.Path), PersonalKeyFile)
	master, err := kiosk.ReadPersonalKey(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		var sealed bool
		if err := db.w.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dossiers WHERE personal IS NOT NULL)`).Scan(&sealed); err != nil {
			return nil, storageError(db.Path, err)
		}
		if sealed {
			return nil, kiosk.PersonalKeyError(path, err)
		}
		master, err = kiosk.WritePersonalKey(path)
	}
	if err != nil {
		return nil, kiosk.PersonalKeyError(path, err)
	}
	k, err := kiosk.NewPersonalKey(master)
	if err != nil {
		return nil, err
	}
	db.key = k
	return k, nil
}
