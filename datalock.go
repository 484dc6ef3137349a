package main

import (
	"os"
	"path/filepath"

	"github.com/motcua/motcua/kiosk"
)

// lockFileName is the running kiosk's lock in its data directory: `motcua restore` takes
// it too, so a database in use is never replaced under the kiosk.
const lockFileName = "motcua.lock"

// lockData takes the data directory's lock, or says that a kiosk is running on it. The
// lock goes with the process, however it ends.
func lockData(dir string) (release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, "Không ghi được vào thư mục dữ liệu "+dir, "cannot write to the data directory "+dir+": "+err.Error())
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, kiosk.Errorf(kiosk.ECONFLICT,
			"Kiosk đang chạy với thư mục dữ liệu "+dir+"; hãy dừng nó trước (systemctl stop motcua)",
			"a kiosk is running on the data directory "+dir+"; stop it first")
	}
	return func() { f.Close() }, nil
}
