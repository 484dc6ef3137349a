package main

import (
	"fmt"
	"path/filepath"

	"github.com/motcua/motcua/kiosk/sqlite"
)

const backupUsage = `motcua backup [--to DIR] [--data DIR]
  sao lưu cơ sở dữ liệu ngay (bản sao nhất quán, kiểm tra rồi mới giữ), kể cả khi kiosk đang chạy;
  mặc định vào thư mục sao lưu (backup.dir, hoặc DATA/backups), giữ backup.keep bản mới nhất
  copy the database now (a consistent, verified copy), even while the kiosk runs; by default
  into the backup folder (backup.dir, or DATA/backups), keeping the newest backup.keep copies
`

// backup is `motcua backup [--to DIR]`: a nightly copy made now.
func (c *cli) backup(args []string) int {
	cmd := c.command("backup", backupUsage)
	to := cmd.String("to", "", "thư mục sao lưu / the backup folder (over backup.dir)")
	if _, err := c.parse(cmd, args, 0, 0); err != nil {
		return c.usageExit(cmd, err)
	}
	cfg, clock, err := c.configAndClock(cmd)
	if err != nil {
		return c.fail(err)
	}
	dir := backupDir(cfg)
	if *to != "" {
		dir = *to
	}
	db, err := sqlite.Open(c.ctx, filepath.Join(cfg.DataDir, sqlite.FileName))
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	path, err := backupNow(c.ctx, db, dir, cfg.Backup.Keep, clock())
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Đã sao lưu vào %s.\nBacked up to %s.\n", path, path)
	return 0
}

const restoreUsage = `motcua restore FILE [--data DIR]
  khôi phục cơ sở dữ liệu từ một bản sao lưu khi kiosk đã dừng (systemctl stop motcua). Tệp được
  kiểm tra trước; dữ liệu hiện tại được giữ lại thành before-restore-….db trong thư mục sao lưu;
  kiosk sau khi khôi phục bắt đầu một kỳ đồng bộ mới, nên máy chủ tỉnh không nhầm sự kiện.
  restore the database from a backup while the kiosk is stopped. The file is checked first; the
  current database is kept as before-restore-….db in the backup folder; the restored kiosk starts
  a new sync epoch, so the hub never mistakes its events for ones it holds.
`

// restore is `motcua restore FILE`.
func (c *cli) restore(args []string) int {
	cmd := c.command("restore", restoreUsage)
	operands, err := c.parse(cmd, args, 1, 1)
	if err != nil {
		return c.usageExit(cmd, err)
	}
	cfg, clock, err := c.configAndClock(cmd)
	if err != nil {
		return c.fail(err)
	}
	unlock, err := lockData(cfg.DataDir)
	if err != nil {
		return c.fail(err)
	}
	defer unlock()
	safety, epoch, err := restoreBackup(c.ctx, operands[0], cfg.DataDir, backupDir(cfg), clock())
	if err != nil {
		return c.fail(err)
	}
	if safety != "" {
		fmt.Fprintf(c.stdout, "Dữ liệu cũ được giữ tại %s.\nThe previous database is kept at %s.\n", safety, safety)
	}
	fmt.Fprintf(c.stdout, "Đã khôi phục từ %s; kỳ đồng bộ mới %s.\nRestored from %s; new sync epoch %s.\n", operands[0], epoch, operands[0], epoch)
	return 0
}
