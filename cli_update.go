package main

import (
	"encoding/json"
	"fmt"

	wire "github.com/motcua/motcua/sync"
)

const updateUsage = `motcua update prepare [--packaged PATH] [--data DIR]
motcua update status [--data DIR]
  prepare: trước mỗi lần dịch vụ khởi động (ExecStartPre, chạy bằng bản cài từ gói): giữ liên kết
  DATA/update/current, đếm lần khởi động của bản cập nhật đang thử, và trả lại bản trước nếu bản
  mới khởi động quá số lần hoặc quá hạn mà chưa báo khoẻ.
  status: bản cập nhật đang chạy, đang thử, và kết quả lần cập nhật gần nhất (JSON).
  prepare: before every start of the service (ExecStartPre, run by the packaged binary): keeps
  the DATA/update/current link, counts a start of an update on trial, and puts the previous
  binary back when the new one used up its starts or its deadline without reporting healthy.
  status: the binary current, the trial on, and the last update's outcome (JSON).
`

// update is `motcua update prepare|status`.
func (c *cli) update(args []string) int {
	cmd := c.command("update", updateUsage)
	packaged := cmd.String("packaged", executable(), "bản cài từ gói, chạy khi chưa có bản cập nhật / the packaged binary, run with no update installed")
	operands, err := c.parse(cmd, args, 1, 1)
	if err != nil {
		return c.usageExit(cmd, err)
	}
	cfg, clock, err := c.configAndClock(cmd)
	if err != nil {
		return c.fail(err)
	}
	inst := installer(cfg, clock, *packaged)
	switch operands[0] {
	case "prepare":
		trial, err := inst.Prepare()
		if err != nil {
			return c.fail(err)
		}
		if o := inst.Outcome(); o != nil && trial == nil && o.State != wire.UpdateInstalled {
			fmt.Fprintf(c.stderr, "motcua: bản cập nhật %s: %s %s / update %s: %s %s\n", o.Version, o.State, o.Reason, o.Version, o.State, o.Reason)
		}
		if trial != nil {
			fmt.Fprintf(c.stderr, "motcua: đang thử bản %s, lần khởi động %d / trying %s, start %d, healthy by %s\n",
				trial.Version, trial.Starts, trial.Version, trial.Starts, trial.Deadline.Format("15:04:05 MST"))
		}
		return 0
	case "status":
		cur, _ := inst.Current()
		out := map[string]any{"running": version, "current": cur, "trying": inst.Trying(), "last": inst.Outcome()}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
		return 0
	}
	return c.usageExit(cmd, fmt.Errorf("update prepare|status, not %q", operands[0]))
}
