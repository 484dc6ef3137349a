package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
	"github.com/motcua/motcua/sync/client"
)

// The hub has one source of truth once the kiosk has enrolled: the address enrolment
// recorded beside the kiosk's id and key pair, which that hub alone knows. A different hub
// in config.json or MOTCUA_HUB_URL cannot be used with them, so it is overruled, and said
// so: `serve` and the window log it, `config show` and `enrol` print it. It does not stop
// the kiosk, because the desk's queue and dossiers must keep working whatever sync's
// settings say; moving to another hub is a new enrolment.

// hubMismatch is a configured hub that enrolment overruled.
type hubMismatch struct {
	configured string
	from       kiosk.Source
	enrolled   string
}

func (m *hubMismatch) String() string {
	return fmt.Sprintf("Cảnh báo: cấu hình (%s) ghi máy chủ tỉnh %s, nhưng kiosk đã đăng ký với %s và chỉ đồng bộ với máy chủ đó.\n"+
		"  Muốn chuyển máy chủ: motcua enrol --hub %s --token <mã mới>; nếu không, xoá hoặc sửa \"hub\" cho khớp.\n"+
		"warning: %s %s gives the hub %s, but this kiosk enrolled with %s and syncs with it only.\n"+
		"  To move, enrol again: motcua enrol --hub %s --token T; otherwise remove or correct the hub setting.\n",
		m.from, m.configured, m.enrolled, m.configured,
		m.from.Layer, m.from.From, m.configured, m.enrolled, m.configured)
}

// loadConfig settles the configuration as the kiosk runs with it: LoadConfig's layers, the
// first-run setup kept in the database between the file and the environment, and the hub
// recorded at enrolment over all of them. The database is only read.
func (c *cli) loadConfig(o kiosk.Overrides) (kiosk.Config, kiosk.Sources, *hubMismatch, error) {
	cfg, src, err := kiosk.LoadConfig(c.getenv, o)
	if err != nil {
		return cfg, nil, nil, err
	}
	path := filepath.Join(cfg.DataDir, sqlite.FileName)
	setup, ok, err := sqlite.ReadSetupSettings(c.ctx, path)
	if err != nil {
		return cfg, nil, nil, err
	}
	if ok {
		cfg.ApplySetup(setup, src, path)
		if err := cfg.Validate(); err != nil {
			return cfg, nil, nil, fmt.Errorf("config (setup in %s): %w", path, err)
		}
	}
	mismatch, err := applyEnrolment(&cfg, src)
	return cfg, src, mismatch, err
}

// applyEnrolment puts the hub recorded at enrolment in cfg.Hub, and src says so. It
// returns the overruled configured hub when that was a different one.
func applyEnrolment(cfg *kiosk.Config, src kiosk.Sources) (*hubMismatch, error) {
	enrolled, err := client.EnrolledHub(cfg.DataDir)
	if errors.Is(err, client.ErrNotEnrolled) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sync identity: %w", err)
	}
	m := &hubMismatch{configured: cfg.Hub, from: src.Of("hub"), enrolled: enrolled}
	cfg.Hub = enrolled
	src["hub"] = kiosk.Source{Layer: kiosk.LayerEnrolment, From: client.IdentityPath(cfg.DataDir)}
	if m.configured == "" || client.SameHub(m.configured, enrolled) {
		return nil, nil
	}
	return m, nil
}

const configUsage = `motcua config — cấu hình / the configuration

  motcua config show [--data DIR]   cấu hình đang dùng và nguồn của từng giá trị / the effective configuration and where each value came from
`

func (c *cli) config(args []string) int {
	return c.group(configUsage, args, map[string]func([]string) int{"show": c.configShow})
}

const configShowUsage = `motcua config show [--data DIR]
  in cấu hình đang dùng, mỗi giá trị kèm nguồn của nó; không mở cơ sở dữ liệu
  prints the effective configuration, each value with where it came from; reads the database, writes nothing

  Thứ tự / order: mặc định/default < tệp/file < cài đặt ban đầu/setup < biến môi trường/env MOTCUA_* < tham số/flag;
  hub: địa chỉ ghi khi đăng ký thắng / the address recorded at enrolment wins.
`

// configShow is `motcua config show`: every effective value and its source, for the
// installer wondering which of file, environment and flags won.
func (c *cli) configShow(args []string) int {
	cmd := c.command("config show", configShowUsage)
	if _, err := c.parse(cmd, args, 0, 0); err != nil {
		return c.usageExit(cmd, err)
	}
	cfg, src, mismatch, err := c.loadConfig(cmd.overrides)
	if err != nil {
		return c.fail(err)
	}
	path, _ := kiosk.ConfigPath(c.getenv, cmd.overrides)
	if _, err := os.Stat(path); err != nil {
		path += " (không có: dùng mặc định / absent: defaults apply)"
	}
	fmt.Fprintf(c.stdout, "Tệp cấu hình / config file: %s\n", path)
	fmt.Fprintln(c.stdout, "Thứ tự / order: mặc định/default < tệp/file < cài đặt ban đầu/setup < biến môi trường/env < tham số/flag; hub: đăng ký/enrolment")
	fmt.Fprintln(c.stdout)
	tw := tabwriter.NewWriter(c.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "khoá / key\tnguồn / source\tgiá trị / value")
	for _, s := range cfg.Settings(src) {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Key, s.Source, s.Value)
	}
	tw.Flush()
	fmt.Fprintln(c.stdout, "\nqueue.*: bản cấu hình quầy do quản trị lưu (trang quản trị) hoặc tỉnh gửi nằm trong cơ sở dữ liệu và thắng các giá trị trên.\n"+
		"  An admin's saved queue configuration (admin page) or the province's, kept in the database, wins over the values above.")
	if mismatch != nil {
		fmt.Fprintln(c.stdout)
		fmt.Fprint(c.stdout, mismatch)
	}
	return 0
}
