package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
	"golang.org/x/term"
)

const staffUsage = `motcua staff — tài khoản cán bộ / staff accounts, for installers on the kiosk PC

  motcua staff list [--data DIR]                          danh sách, ai đang bị chặn / the staff, and who is held back by wrong PINs
  motcua staff add ID --name "HỌ TÊN" [--role clerk|admin] [--counter N] [--title T] [--data DIR]
                                                          thêm cán bộ; mã PIN đọc từ đầu vào chuẩn / add one; the PIN is read from stdin
  motcua staff reset-pin ID [--data DIR]                  đặt lại mã PIN (đọc từ đầu vào chuẩn) / set a new PIN (read from stdin)
  motcua staff unlock ID | --source ADDRESS [--data DIR]  mở khóa sau nhiều lần nhập sai / forget wrong PINs and end the wait

Mã PIN không bao giờ nhận trên dòng lệnh (ps và lịch sử shell đều thấy): gõ khi được hỏi, hoặc
đưa vào đầu vào chuẩn, ví dụ: printf '%s\n' "$PIN" | motcua staff reset-pin quantri
A PIN is never taken on the command line (ps and shell history show it): type it when asked, or
pipe it in. A clerk's PIN has 4 to 8 digits, an admin's 6 to 8.
`

// staff is `motcua staff ...`: accounts made on the kiosk PC itself, for the installer of
// a kiosk with no hub (or before its first staff bundle) and for a forgotten PIN. A
// province staff bundle replaces the whole list when it comes.
func (c *cli) staff(args []string) int {
	return c.group(staffUsage, args, map[string]func([]string) int{
		"list":      c.staffList,
		"add":       c.staffAdd,
		"reset-pin": c.staffResetPIN,
		"unlock":    c.staffUnlock,
	})
}

// openStaff opens the kiosk's store for a staff command.
func (c *cli) openStaff(o kiosk.Overrides) (*sqlite.AuthService, kiosk.Config, func(), error) {
	cfg, _, err := kiosk.LoadConfig(c.getenv, o)
	if err != nil {
		return nil, cfg, nil, err
	}
	db, err := sqlite.Open(c.ctx, filepath.Join(cfg.DataDir, sqlite.FileName))
	if err != nil {
		return nil, cfg, nil, err
	}
	return &sqlite.AuthService{DB: db}, cfg, func() { db.Close() }, nil
}

func (c *cli) staffList(args []string) int {
	cmd := c.command("staff list", "motcua staff list [--data DIR]\n  danh sách cán bộ và ai đang bị chặn vì nhập sai mã PIN / the staff, and who is held back by wrong PINs\n")
	if _, err := c.parse(cmd, args, 0, 0); err != nil {
		return c.usageExit(cmd, err)
	}
	auth, _, done, err := c.openStaff(cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	defer done()
	list, err := auth.ListStaff(c.ctx)
	if err != nil {
		return c.fail(err)
	}
	throttles, err := auth.LoginThrottles(c.ctx)
	if err != nil {
		return c.fail(err)
	}
	if len(list) == 0 {
		fmt.Fprintln(c.stdout, "Chưa có cán bộ nào: kiosk chưa được cài đặt (motcua staff add, hoặc màn hình cài đặt ban đầu).\nNo staff yet: the kiosk is not set up.")
	} else {
		tw := tabwriter.NewWriter(c.stdout, 0, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "mã / id\thọ tên / name\tvai trò / role\tquầy / counter\tnhập sai / wrong PINs")
		for _, s := range list {
			counter := "—"
			if s.Counter != 0 {
				counter = fmt.Sprint(s.Counter)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.ID, s.Name, s.Role, counter, throttleText(throttles, kiosk.ThrottleStaff, s.ID))
		}
		tw.Flush()
	}
	for _, t := range throttles {
		if t.Kind == kiosk.ThrottleSource {
			fmt.Fprintf(c.stdout, "Máy / address %s: %s (motcua staff unlock --source %s)\n", t.Key, throttleText(throttles, t.Kind, t.Key), t.Key)
		}
	}
	return 0
}

// throttleText says in words how far an account's or address's wrong PINs have gone.
func throttleText(ts []kiosk.LoginThrottle, kind, key string) string {
	for _, t := range ts {
		if t.Kind != kind || t.Key != key {
			continue
		}
		if !t.BlockedUntil.IsZero() {
			return fmt.Sprintf("%d, phải chờ đến / waits until %s", t.Failures, t.BlockedUntil.In(kiosk.Zone).Format("15:04:05 02/01"))
		}
		return fmt.Sprintf("%d, còn / left %d", t.Failures, t.Left)
	}
	return "—"
}

const staffAddUsage = `motcua staff add ID --name "HỌ TÊN" [--role clerk|admin] [--counter N] [--title T] [--data DIR]
  thêm một cán bộ; mã PIN đọc từ đầu vào chuẩn (gõ hai lần khi được hỏi), không bao giờ trên dòng lệnh;
  PIN của cán bộ 4–8 chữ số, của quản trị viên 6–8
  adds a staff member; the PIN is read from standard input (typed twice when asked), never argv;
  a clerk's PIN has 4–8 digits, an admin's 6–8
`

func (c *cli) staffAdd(args []string) int {
	cmd := c.command("staff add", staffAddUsage)
	name := cmd.String("name", "", "họ và tên / full name (required)")
	role := cmd.String("role", string(kiosk.RoleClerk), "clerk (cán bộ) hoặc/or admin (quản trị viên)")
	counter := cmd.Int("counter", 0, "quầy được phân công / the counter assigned (a clerk acts only there)")
	title := cmd.String("title", "", "chức danh trên thẻ / title on the staff badge")
	ops, err := c.parse(cmd, args, 1, 1)
	if err == nil && strings.TrimSpace(*name) == "" {
		err = fmt.Errorf("thiếu --name / --name is missing")
	}
	if err != nil {
		return c.usageExit(cmd, err)
	}
	s := kiosk.Staff{ID: ops[0], Name: strings.TrimSpace(*name), Title: strings.TrimSpace(*title), Role: kiosk.Role(*role), Counter: *counter}
	if err := kiosk.ValidateStaffID(s.ID); err != nil {
		return c.fail(err)
	}
	if s.Role != kiosk.RoleClerk && s.Role != kiosk.RoleAdmin {
		return c.fail(kiosk.Invalid("role", "Vai trò phải là clerk hoặc admin", "role must be clerk or admin"))
	}
	auth, cfg, done, err := c.openStaff(cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	defer done()
	if _, err := auth.Get(c.ctx, s.ID); err == nil {
		return c.fail(kiosk.Errorf(kiosk.ECONFLICT, "Đã có cán bộ mã "+s.ID+"; đổi mã PIN bằng motcua staff reset-pin "+s.ID, "staff "+s.ID+" exists; use reset-pin"))
	}
	if s.Counter != 0 {
		if err := c.checkCounter(auth.DB, cfg, s.Counter); err != nil {
			return c.fail(err)
		}
	}
	pin, err := c.readPIN(s.Role)
	if err != nil {
		return c.fail(err)
	}
	if err := auth.PutStaff(c.ctx, s, pin); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Đã thêm %s (%s, %s).\nAdded %s.\n", s.Name, s.ID, s.Role, s.ID)
	return 0
}

// checkCounter wants counter among the hall's counters, as the kiosk runs them (an admin's
// saved queue configuration wins over the file's).
func (c *cli) checkCounter(db *sqlite.DB, cfg kiosk.Config, counter int) error {
	q := &sqlite.QueueService{DB: db, Config: cfg.Queue}
	if err := q.LoadStoredConfig(c.ctx); err != nil {
		return err
	}
	qc, err := q.QueueConfig(c.ctx)
	if err != nil {
		return err
	}
	if _, ok := qc.CounterByID(counter); !ok {
		return kiosk.Invalid("counter", fmt.Sprintf("Không có quầy %d", counter), fmt.Sprintf("there is no counter %d", counter))
	}
	return nil
}

func (c *cli) staffResetPIN(args []string) int {
	cmd := c.command("staff reset-pin", "motcua staff reset-pin ID [--data DIR]\n  đặt mã PIN mới, đọc từ đầu vào chuẩn; các phiên đăng nhập cũ kết thúc\n  sets a new PIN, read from standard input; the old sessions end\n")
	ops, err := c.parse(cmd, args, 1, 1)
	if err != nil {
		return c.usageExit(cmd, err)
	}
	auth, _, done, err := c.openStaff(cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	defer done()
	s, err := auth.Get(c.ctx, ops[0])
	if err != nil {
		return c.fail(err)
	}
	pin, err := c.readPIN(s.Role)
	if err != nil {
		return c.fail(err)
	}
	if err := auth.SetPIN(c.ctx, s.ID, pin); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Đã đặt mã PIN mới cho %s (%s).\nNew PIN set for %s.\n", s.Name, s.ID, s.ID)
	return 0
}

func (c *cli) staffUnlock(args []string) int {
	cmd := c.command("staff unlock", "motcua staff unlock ID | --source ADDRESS [--data DIR]\n  quên các lần nhập sai mã PIN của một tài khoản hoặc một máy, hết phải chờ\n  forgets the wrong PINs of an account or an address and ends its wait\n")
	source := cmd.String("source", "", "địa chỉ máy (như motcua staff list in) / an address, as motcua staff list prints it")
	ops, err := c.parse(cmd, args, 0, 1)
	if err == nil && (len(ops) == 1) == (*source != "") {
		err = fmt.Errorf("cho một mã cán bộ hoặc --source, không cả hai / give a staff id or --source, not both")
	}
	if err != nil {
		return c.usageExit(cmd, err)
	}
	kind, key := kiosk.ThrottleSource, *source
	if len(ops) == 1 {
		kind, key = kiosk.ThrottleStaff, ops[0]
	}
	auth, _, done, err := c.openStaff(cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	defer done()
	if err := auth.Unlock(c.ctx, kind, key); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Đã mở khóa %s.\nUnlocked %s.\n", key, key)
	return 0
}

// readPIN reads a new PIN for a staff member of role: at a terminal it asks twice without
// echo; from a pipe it takes the first line. Its shape is checked here too, so a typing
// slip is said before anything is written.
func (c *cli) readPIN(role kiosk.Role) (string, error) {
	if f, ok := c.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		ask := func(prompt string) (string, error) {
			fmt.Fprint(c.stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(c.stderr)
			return string(b), err
		}
		pin, err := ask("Mã PIN mới / new PIN: ")
		if err != nil {
			return "", err
		}
		if err := kiosk.ValidatePINFor(role, pin); err != nil {
			return "", err
		}
		again, err := ask("Nhập lại / again: ")
		if err != nil {
			return "", err
		}
		if again != pin {
			return "", kiosk.Invalid("pin", "Hai lần nhập mã PIN không khớp", "the two PINs differ")
		}
		return pin, nil
	}
	if c.stdin == nil {
		return "", kiosk.Invalid("pin", "Chưa có mã PIN ở đầu vào chuẩn", "no PIN on standard input")
	}
	line, err := bufio.NewReader(io.LimitReader(c.stdin, 256)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	pin := strings.TrimRight(line, "\r\n")
	if pin == "" {
		return "", kiosk.Invalid("pin", "Chưa có mã PIN ở đầu vào chuẩn (ví dụ: printf '%s\\n' \"$PIN\" | motcua staff …)", "no PIN on standard input")
	}
	return pin, kiosk.ValidatePINFor(role, pin)
}
