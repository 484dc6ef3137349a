package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"

	"github.com/motcua/motcua/kiosk"
)

var _ kiosk.StaffAdmin = (*AuthService)(nil)

var errDisabled = kiosk.Errorf(kiosk.EFORBIDDEN, "Tài khoản này đã bị vô hiệu hóa. Xin báo quản trị viên.", "this account is disabled; ask an admin")

// AllStaff lists every account, disabled ones included, for the admin page.
func (a *AuthService) AllStaff(ctx context.Context) ([]kiosk.Staff, error) {
	return a.listStaff(ctx, "")
}

// roleName is how the audit list names a role.
func roleName(r kiosk.Role) string {
	if r == kiosk.RoleAdmin {
		return "quản trị viên"
	}
	return "cán bộ tiếp nhận"
}

// SaveStaff creates or updates a member's name, title, role and counter (the photo and the
// disabled flag stay), with a PIN for a new member.
func (a *AuthService) SaveStaff(ctx context.Context, s kiosk.Staff, pin string) error {
	if err := s.Validate(); err != nil {
		return err
	}
	hash := ""
	if pin != "" {
		if err := kiosk.ValidatePIN(pin); err != nil {
			return err
		}
		hash = HashPIN(pin)
	}
	return a.DB.Write(ctx, func(tx *Tx) error {
		old, err := staffIn(ctx, tx, s.ID)
		isNew := errors.Is(err, sql.ErrNoRows)
		switch {
		case isNew && hash == "":
			return kiosk.Invalid("pin", "Cán bộ mới phải có «Mã PIN» (4 đến 8 chữ số)", "a new staff member needs a PIN")
		case err != nil && !isNew:
			return err
		}
		if isNew {
			_, err = tx.ExecContext(ctx, `INSERT INTO staff(id, name, title, role, counter_id, pin_hash) VALUES (?, ?, ?, ?, ?, ?)`,
				s.ID, s.Name, s.Title, string(s.Role), s.Counter, hash)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE staff SET name = ?, title = ?, role = ?, counter_id = ?, pin_hash = CASE WHEN ? = '' THEN pin_hash ELSE ? END WHERE id = ?`,
				s.Name, s.Title, string(s.Role), s.Counter, hash, hash, s.ID)
		}
		if err != nil {
			return err
		}
		if err := keepAnAdmin(ctx, tx); err != nil {
			return err
		}
		body := map[string]any{"id": s.ID, "name": s.Name, "title": s.Title, "role": s.Role, "counter": s.Counter}
		if isNew {
			return tx.Change("staff.added", body, fmt.Sprintf("Thêm cán bộ «%s» (%s)", s.Name, roleName(s.Role)), "Added staff member "+s.Name)
		}
		vi, en := staffChange(old, s)
		if hash != "" {
			vi, en = vi+", đặt lại mã PIN", en+", PIN reset"
		}
		return tx.Change("staff.changed", body, vi, en)
	})
}

// staffChange says what an update changed, by name.
func staffChange(old, s kiosk.Staff) (vi, en string) {
	vi, en = "Sửa thông tin cán bộ «"+s.Name+"»", "Changed staff member "+s.Name
	switch {
	case old.Counter != s.Counter && s.Counter == 0:
		vi, en = vi+": bỏ phân công quầy", en+": no counter"
	case old.Counter != s.Counter:
		vi, en = vi+fmt.Sprintf(": phân công quầy %d", s.Counter), en+fmt.Sprintf(": counter %d", s.Counter)
	}
	if old.Role != s.Role {
		vi, en = vi+": vai trò "+roleName(s.Role), en+": role "+string(s.Role)
	}
	return vi, en
}

func staffIn(ctx context.Context, q querier, id string) (kiosk.Staff, error) {
	var s kiosk.Staff
	var role string
	err := q.QueryRowContext(ctx, `SELECT id, name, title, role, counter_id, photo_url, disabled FROM staff WHERE id = ?`, id).
		Scan(&s.ID, &s.Name, &s.Title, &role, &s.Counter, &s.PhotoURL, &s.Disabled)
	s.Role = kiosk.Role(role)
	return s, err
}

var errNoStaff = kiosk.Errorf(kiosk.ENOTFOUND, "Không có cán bộ này", "no such staff member")

// existing returns the member or ENOTFOUND.
func existing(ctx context.Context, tx *Tx, id string) (kiosk.Staff, error) {
	s, err := staffIn(ctx, tx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return s, errNoStaff
	}
	return s, err
}

// keepAnAdmin refuses a change that leaves no enabled admin: nobody could then reach the
// admin page but the installer's shell.
func keepAnAdmin(ctx context.Context, tx *Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM staff WHERE role = 'admin' AND disabled = 0`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return kiosk.Errorf(kiosk.ECONFLICT, "Phải còn ít nhất một quản trị viên đang hoạt động", "at least one enabled admin must remain")
	}
	return nil
}

// ResetPIN sets a new PIN and ends every session of the member.
func (a *AuthService) ResetPIN(ctx context.Context, id, pin string) error {
	if err := kiosk.ValidatePIN(pin); err != nil {
		return err
	}
	hash := HashPIN(pin)
	return a.DB.Write(ctx, func(tx *Tx) error {
		s, err := existing(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET pin_hash = ? WHERE id = ?`, hash, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE staff_id = ?`, id); err != nil {
			return err
		}
		return tx.Change("staff.pin_reset", map[string]string{"id": id}, "Đặt lại mã PIN của «"+s.Name+"»", "Reset the PIN of "+s.Name)
	})
}

// SetDisabled disables an account (ending its sessions) or enables it again.
func (a *AuthService) SetDisabled(ctx context.Context, id string, disabled bool) error {
	return a.DB.Write(ctx, func(tx *Tx) error {
		s, err := existing(ctx, tx, id)
		if err != nil {
			return err
		}
		if s.Disabled == disabled {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET disabled = ? WHERE id = ?`, disabled, id); err != nil {
			return err
		}
		if err := keepAnAdmin(ctx, tx); err != nil {
			return err
		}
		if !disabled {
			return tx.Change("staff.enabled", map[string]string{"id": id}, "Cho phép lại tài khoản «"+s.Name+"»", "Enabled "+s.Name)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE staff_id = ?`, id); err != nil {
			return err
		}
		return tx.Change("staff.disabled", map[string]string{"id": id}, "Vô hiệu hóa tài khoản «"+s.Name+"»", "Disabled "+s.Name)
	})
}

func (a *AuthService) endSessions(ctx context.Context, id string) error {
	return a.DB.Write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE staff_id = ?`, id)
		return err
	})
}

// PhotoURL is where screens fetch a member's badge photo; the version changes with the
// photo, so a screen may cache it for ever.
func PhotoURL(id, version string) string {
	return "/api/v1/staff/" + url.PathEscape(id) + "/photo?v=" + version
}

// SetPhoto stores the badge photo (JPEG bytes, already cropped) and points the member's
// PhotoURL at it.
func (a *AuthService) SetPhoto(ctx context.Context, id string, jpeg []byte) (kiosk.Staff, error) {
	sum := sha256.Sum256(jpeg)
	version := hex.EncodeToString(sum[:6])
	var out kiosk.Staff
	err := a.DB.Write(ctx, func(tx *Tx) error {
		s, err := existing(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff_photos(staff_id, jpeg, sha256, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT(staff_id) DO UPDATE SET jpeg = excluded.jpeg, sha256 = excluded.sha256, updated_at = excluded.updated_at`,
			id, jpeg, hex.EncodeToString(sum[:]), formatTime(tx.Now())); err != nil {
			return err
		}
		s.PhotoURL = PhotoURL(id, version)
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET photo_url = ? WHERE id = ?`, s.PhotoURL, id); err != nil {
			return err
		}
		out = s
		return tx.Change("staff.photo_changed", map[string]string{"id": id, "sha256": hex.EncodeToString(sum[:])},
			"Đổi ảnh của «"+s.Name+"»", "New photo for "+s.Name)
	})
	return out, err
}

// Photo returns the stored badge photo and its version.
func (a *AuthService) Photo(ctx context.Context, id string) ([]byte, string, error) {
	var b []byte
	var sum string
	err := a.DB.Reader().QueryRowContext(ctx, `SELECT jpeg, sha256 FROM staff_photos WHERE staff_id = ?`, id).Scan(&b, &sum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", kiosk.Errorf(kiosk.ENOTFOUND, "Cán bộ này chưa có ảnh", "no photo for this staff member")
	}
	if err != nil {
		return nil, "", storageError(a.DB.Path, err)
	}
	return b, sum[:12], nil
}
