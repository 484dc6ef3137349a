package kiosk

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is the kiosk's configuration: one JSON file (config.json in the data directory,
// or the file named by MOTCUA_CONFIG) plus environment and command-line overrides, in the
// order LoadConfig gives. Every knob has a safe default, so a first run needs no file at
// all. README.md lists the same knobs.
type Config struct {
	// Demo is demo mode: demo staff with known PINs (docs/api.md) and the demo catalog are
	// seeded on an empty database, and every screen says "CHẾ ĐỘ DÙNG THỬ / DEMO". Flag
	// --demo, env MOTCUA_DEMO. Default false: a real kiosk starts with no staff and asks for
	// its first-run setup. `make run` and the browser and window tests turn it on.
	Demo bool `json:"demo"`
	// DataDir holds the SQLite file, logs, keys and printed pages. Flag --data, env
	// MOTCUA_DATA_DIR. Default: $XDG_DATA_HOME/motcua, %LOCALAPPDATA%\motcua on Windows, or
	// ~/.local/share/motcua. In a file
	// only when MOTCUA_CONFIG names it (a config.json inside the data directory cannot move it).
	DataDir string `json:"data_dir"`
	// Commune is the unit the kiosk serves; its name heads every screen and ticket.
	Commune Commune `json:"commune"`
	// Listen is the LAN server's address. Flag --addr, env MOTCUA_LISTEN. Default ":8080".
	Listen string `json:"listen"`
	// TrustLoopback lets requests from this PC's loopback (the installer's shell) act as
	// admin without a PIN. Env MOTCUA_TRUST_LOOPBACK. Unset: on only while Listen is a
	// loopback address. Set it false whenever a reverse proxy on this PC forwards LAN
	// requests, which would otherwise arrive from loopback.
	TrustLoopback *bool `json:"trust_loopback,omitempty"`
	// Limits bound what one LAN address may ask of the kiosk.
	Limits Limits `json:"limits"`
	// KioskMode opens the window fullscreen and frameless, locked for the public.
	// Env MOTCUA_KIOSK_MODE (true/false). Default false (a normal window for development).
	KioskMode bool `json:"kiosk_mode"`
	// Printer says where tickets go: "virtual:" (pages saved as PNG in DataDir/printed),
	// "serial:///dev/ttyUSB0?baud=115200", "usblp:///dev/usb/lp0", "tcp://HOST:9100".
	// Env MOTCUA_PRINTER. Default "virtual:".
	Printer string `json:"printer"`
	// PrintMaxWaitMinutes drops a ticket or a "what to bring" slip that has waited this long
	// in the print spool (the printer was off or out of paper) instead of printing it for
	// whoever stands at the kiosk when the printer comes back. Default 15.
	PrintMaxWaitMinutes int `json:"print_max_wait_minutes"`
	// Hub is the province hub's base URL; empty means no sync. Env MOTCUA_HUB_URL. It is
	// what `motcua enrol` uses when given no --hub; once enrolled, the hub recorded at
	// enrolment is the one sync talks to, and a different value here is only warned about.
	Hub string `json:"hub"`
	// HubHeartbeatSeconds is how often the kiosk tells the hub its health and collects IT's
	// commands ("sync now" waits for it); 0 takes the sync worker's default, 180.
	HubHeartbeatSeconds int `json:"hub_heartbeat_seconds"`
	// UpdateHealthySeconds is how long a program update has, from its first start, to
	// report healthy before the previous version is put back (docs/updates.md); 0 takes
	// the default, 300.
	UpdateHealthySeconds int `json:"update_healthy_seconds"`
	// Language is the screens' first language: "vi" (default) or "en".
	Language string `json:"language"`
	// LogMaxBytes rotates motcua.log past this size, keeping LogKeep old files.
	LogMaxBytes int64 `json:"log_max_bytes"`
	LogKeep     int   `json:"log_keep"`
	// Queue is the hall's services, counters, hours and priority policy.
	Queue QueueConfig `json:"queue"`
	// Dossiers is how the desk counts appointment dates and keeps personal data.
	Dossiers DossierConfig `json:"dossiers"`
	// Voice is how calls are spoken.
	Voice VoiceConfig `json:"voice"`
	// Buttons maps GPIO push buttons to counters, for counters without a screen.
	Buttons []ButtonConfig `json:"buttons"`
	// Backup is the nightly copy of the database.
	Backup BackupConfig `json:"backup"`
	// ScreenCommand, when set, is run with "off" when the desk has closed for the day and
	// "on" before it opens (the kiosk session's /usr/lib/motcua/screen). Env
	// MOTCUA_SCREEN_COMMAND. Default: none (the screen is never blanked).
	ScreenCommand string `json:"screen_command"`
}

// BackupConfig says where and when the kiosk copies its database.
type BackupConfig struct {
	// Dir holds the copies; best on a second disk. Env MOTCUA_BACKUP_DIR. Default
	// DataDir/backups.
	Dir string `json:"dir"`
	// Keep is how many nightly copies stay (the oldest go first). Default 14.
	Keep int `json:"keep"`
	// At is the local time ("HH:MM", Asia/Ho_Chi_Minh) of the nightly copy. A kiosk that was
	// off then makes the copy as soon as it is on. Default "02:30".
	At string `json:"at"`
}

// AtMinute returns At in minutes after local midnight; At must be valid.
func (b BackupConfig) AtMinute() int {
	m, _ := parseClockMinute(b.At, false)
	return m
}

// Limits bound what one LAN address may ask of the kiosk; zero keeps the LAN server's
// default (docs/api.md, "Limits"). The kiosk window is exempt from all of them.
type Limits struct {
	// PrintBurst tickets and slips at once, then one per PrintEverySeconds (default 10, 6).
	PrintBurst        int `json:"print_burst"`
	PrintEverySeconds int `json:"print_every_seconds"`
	// RatingBurst ratings and ticket look-ups (the counters' pads, a LAN browser) at once,
	// then one per RatingEverySeconds (default 6, 20).
	RatingBurst        int `json:"rating_burst"`
	RatingEverySeconds int `json:"rating_every_seconds"`
	// EventStreams caps the open live-event streams in all, EventStreamsPerSource those of
	// one address (default 200, 20).
	EventStreams          int `json:"event_streams"`
	EventStreamsPerSource int `json:"event_streams_per_source"`
}

// Actions a hardware button can take.
const (
	ButtonNext   = "next"
	ButtonRecall = "recall"
)

// ButtonConfig maps one GPIO pin to a counter's action.
type ButtonConfig struct {
	Pin     string `json:"pin"`     // periph name, e.g. "GPIO17"
	Counter int    `json:"counter"` // counter number
	Action  string `json:"action"`  // "next" or "recall"
}

// Validate checks one mapping against the hall's counters.
func (c ButtonConfig) Validate(q QueueConfig) error {
	if c.Pin == "" {
		return Invalid("buttons.pin", "Chưa ghi tên chân GPIO của nút bấm", "button pin is empty")
	}
	if _, ok := q.CounterByID(c.Counter); !ok {
		return Invalid("buttons.counter", fmt.Sprintf("Nút %s gắn với quầy %d không có", c.Pin, c.Counter), "button counter does not exist")
	}
	if c.Action != ButtonNext && c.Action != ButtonRecall {
		return Invalid("buttons.action", "Hành động của nút phải là next hoặc recall", "button action must be next or recall")
	}
	return nil
}

// VoiceConfig says how the call is read and where it plays.
type VoiceConfig struct {
	Repeat bool `json:"repeat"` // say each call twice
	Digits bool `json:"digits"` // read the number digit by digit instead of as a number
	// PlayCommand, when set, plays calls on this PC's speakers as well as on the display
	// pages, e.g. ["aplay", "-q"]; the WAV file is its last argument.
	PlayCommand []string `json:"play_command"`
}

// Commune names the administrative unit (xã, phường, đặc khu) the desk belongs to.
type Commune struct {
	Name string `json:"name"` // e.g. "Xã Đăk Hà"; env MOTCUA_COMMUNE_NAME
	Code string `json:"code"` // the unit's code in the national list; env MOTCUA_COMMUNE_CODE
	// AgencyCode prefixes dossier codes ({agency}-{yyMMdd}-{NNNN}); env MOTCUA_AGENCY_CODE.
	AgencyCode string `json:"agency_code"`
	Province   string `json:"province"` // env MOTCUA_PROVINCE
}

// DefaultConfig returns the embedded defaults: a demo commune, the virtual printer, no hub.
func DefaultConfig() Config { return defaultConfig(os.Getenv) }

func defaultConfig(getenv func(string) string) Config {
	return Config{
		DataDir: defaultDataDir(getenv),
		Commune: Commune{
			Name:       "Xã Đăk Hà",
			Code:       "23302",
			AgencyCode: "000.00.00.H55",
			Province:   "Tỉnh Quảng Ngãi",
		},
		Listen:              ":8080",
		Printer:             "virtual:",
		Language:            "vi",
		PrintMaxWaitMinutes: 15,
		LogMaxBytes:         10 << 20,
		LogKeep:             5,
		Queue:               DefaultQueueConfig(),
		Backup:              BackupConfig{Keep: 14, At: "02:30"},
	}
}

func defaultDataDir(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "motcua")
	}
	if d := getenv("LOCALAPPDATA"); d != "" { // Windows: C:\Users\…\AppData\Local
		return filepath.Join(d, "motcua")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "motcua")
	}
	return "data"
}

// Overrides are the command line's settings, the last layer; an empty field leaves the
// value to the layers below.
type Overrides struct {
	DataDir string // --data
	Listen  string // --addr
	Demo    bool   // --demo (a flag can only turn demo mode on)
}

// LoadConfig settles the configuration in four layers, each overriding the one before:
//
//	defaults < the config file < MOTCUA_* environment variables < command-line flags
//
// The file is config.json in the data directory, which is settled first: the --data flag,
// else MOTCUA_DATA_DIR, else the default; MOTCUA_CONFIG names another file instead. A
// missing config.json is not an error (every knob has a default); a missing MOTCUA_CONFIG
// file, a broken file, or a value that cannot work is, naming the file, variable or flag
// that gave it. Sources says where each value came from (`motcua config show`). getenv is
// usually os.Getenv; it is also asked for XDG_DATA_HOME and HOME, for the default directory.
func LoadConfig(getenv func(string) string, o Overrides) (Config, Sources, error) {
	c := defaultConfig(getenv)
	src := Sources{}
	path, explicit := ConfigPath(getenv, o)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := decodeConfig(b, &c); err != nil {
			return Config{}, nil, fmt.Errorf("config %s: %w", path, err)
		}
		if err := src.record(b, Source{Layer: LayerFile, From: path}); err != nil {
			return Config{}, nil, fmt.Errorf("config %s: %w", path, err)
		}
		// A file found in the data directory cannot move it: the database would go one place
		// and the next run would look for its config in another.
		if _, set := src["data_dir"]; set && !explicit && filepath.Clean(c.DataDir) != filepath.Dir(path) {
			return Config{}, nil, fmt.Errorf("config %s: %w", path, Invalid("data_dir",
				"data_dir trong tệp cấu hình của thư mục dữ liệu không được trỏ sang thư mục khác; hãy dùng --data hoặc MOTCUA_DATA_DIR",
				"data_dir in the data directory's own config.json cannot point elsewhere; use --data or MOTCUA_DATA_DIR"))
		}
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	default:
		return Config{}, nil, fmt.Errorf("config: %w", err)
	}
	if err := c.applyEnv(getenv, src); err != nil {
		return Config{}, nil, err
	}
	c.applyOverrides(o, src)
	if err := c.Validate(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			if s := src.Of(e.Field); s.Layer == LayerEnv || s.Layer == LayerFlag {
				return Config{}, nil, fmt.Errorf("config %s %s: %w", s.Layer, s.From, err)
			}
		}
		return Config{}, nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, src, nil
}

// ConfigPath is the file LoadConfig reads: the one MOTCUA_CONFIG names (explicit: it must
// exist), else config.json in the data directory (the --data flag, else MOTCUA_DATA_DIR,
// else the default).
func ConfigPath(getenv func(string) string, o Overrides) (path string, explicit bool) {
	if p := getenv("MOTCUA_CONFIG"); p != "" {
		return p, true
	}
	dir := o.DataDir
	if dir == "" {
		dir = getenv("MOTCUA_DATA_DIR")
	}
	if dir == "" {
		dir = defaultDataDir(getenv)
	}
	return filepath.Join(dir, "config.json"), false
}

func decodeConfig(b []byte, c *Config) error {
	if err := DecodeStrict(bytes.NewReader(b), c); err != nil {
		return Invalid("config", "Tệp cấu hình không hợp lệ: "+err.Error(), "the config file is not valid: "+err.Error())
	}
	return nil
}

func (c *Config) applyEnv(getenv func(string) string, src Sources) error {
	set := func(dst *string, key, name string) {
		if v := getenv(name); v != "" {
			*dst = v
			src[key] = Source{Layer: LayerEnv, From: name}
		}
	}
	set(&c.DataDir, "data_dir", "MOTCUA_DATA_DIR")
	set(&c.Commune.Name, "commune.name", "MOTCUA_COMMUNE_NAME")
	set(&c.Commune.Code, "commune.code", "MOTCUA_COMMUNE_CODE")
	set(&c.Commune.AgencyCode, "commune.agency_code", "MOTCUA_AGENCY_CODE")
	set(&c.Commune.Province, "commune.province", "MOTCUA_PROVINCE")
	set(&c.Listen, "listen", "MOTCUA_LISTEN")
	set(&c.Printer, "printer", "MOTCUA_PRINTER")
	set(&c.Hub, "hub", "MOTCUA_HUB_URL")
	set(&c.Language, "language", "MOTCUA_LANGUAGE")
	if v := getenv("MOTCUA_TRUST_LOOPBACK"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Invalid("MOTCUA_TRUST_LOOPBACK", "MOTCUA_TRUST_LOOPBACK phải là true hoặc false", "MOTCUA_TRUST_LOOPBACK must be true or false")
		}
		c.TrustLoopback = &b
		src["trust_loopback"] = Source{Layer: LayerEnv, From: "MOTCUA_TRUST_LOOPBACK"}
	}
	if v := getenv("MOTCUA_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Invalid("MOTCUA_DEMO", "MOTCUA_DEMO phải là 1/true hoặc 0/false", "MOTCUA_DEMO must be 1/true or 0/false")
		}
		c.Demo = b
		src["demo"] = Source{Layer: LayerEnv, From: "MOTCUA_DEMO"}
	}
	set(&c.Backup.Dir, "backup.dir", "MOTCUA_BACKUP_DIR")
	set(&c.ScreenCommand, "screen_command", "MOTCUA_SCREEN_COMMAND")
	if v := getenv("MOTCUA_KIOSK_MODE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Invalid("MOTCUA_KIOSK_MODE", "MOTCUA_KIOSK_MODE phải là true hoặc false", "MOTCUA_KIOSK_MODE must be true or false")
		}
		c.KioskMode = b
		src["kiosk_mode"] = Source{Layer: LayerEnv, From: "MOTCUA_KIOSK_MODE"}
	}
	return nil
}

func (c *Config) applyOverrides(o Overrides, src Sources) {
	if o.DataDir != "" {
		c.DataDir = o.DataDir
		src["data_dir"] = Source{Layer: LayerFlag, From: "--data"}
	}
	if o.Listen != "" {
		c.Listen = o.Listen
		src["listen"] = Source{Layer: LayerFlag, From: "--addr"}
	}
	if o.Demo {
		c.Demo = true
		src["demo"] = Source{Layer: LayerFlag, From: "--demo"}
	}
}

// Validate reports the first setting that cannot work.
func (c *Config) Validate() error {
	switch {
	case strings.TrimSpace(c.DataDir) == "":
		return Invalid("data_dir", "Chưa có thư mục dữ liệu", "data_dir is empty")
	case strings.TrimSpace(c.Commune.Name) == "":
		return Invalid("commune.name", "Chưa có tên xã/phường", "commune.name is empty")
	case c.Listen == "" || !strings.Contains(c.Listen, ":"):
		return Invalid("listen", "Địa chỉ lắng nghe phải có dạng HOST:CỔNG, ví dụ :8080", "listen must look like HOST:PORT, e.g. :8080")
	case c.Language != "vi" && c.Language != "en":
		return Invalid("language", "Ngôn ngữ phải là vi hoặc en", "language must be vi or en")
	case c.LogMaxBytes < 64<<10:
		return Invalid("log_max_bytes", "log_max_bytes phải từ 65536 trở lên", "log_max_bytes must be at least 65536")
	case c.HubHeartbeatSeconds < 0 || c.HubHeartbeatSeconds > 3600:
		return Invalid("hub_heartbeat_seconds", "hub_heartbeat_seconds phải từ 0 đến 3600", "hub_heartbeat_seconds must be 0 to 3600")
	case c.UpdateHealthySeconds < 0 || c.UpdateHealthySeconds > 3600:
		return Invalid("update_healthy_seconds", "update_healthy_seconds phải từ 0 đến 3600", "update_healthy_seconds must be 0 to 3600")
	case c.LogKeep < 1:
		return Invalid("log_keep", "log_keep phải từ 1 trở lên", "log_keep must be at least 1")
	case c.Limits.PrintBurst < 0 || c.Limits.PrintEverySeconds < 0 || c.Limits.EventStreams < 0 || c.Limits.EventStreamsPerSource < 0 ||
		c.Limits.RatingBurst < 0 || c.Limits.RatingEverySeconds < 0:
		return Invalid("limits", "Các giới hạn không được âm", "limits must not be negative")
	case c.PrintMaxWaitMinutes < 1 || c.PrintMaxWaitMinutes > 24*60:
		return Invalid("print_max_wait_minutes", "print_max_wait_minutes phải từ 1 đến 1440 phút", "print_max_wait_minutes must be 1–1440")
	case c.Backup.Keep < 1:
		return Invalid("backup.keep", "backup.keep phải từ 1 trở lên", "backup.keep must be at least 1")
	}
	if _, ok := parseClockMinute(c.Backup.At, false); !ok {
		return Invalid("backup.at", "Giờ sao lưu (backup.at) phải có dạng HH:MM, ví dụ 02:30", "backup.at must be HH:MM, e.g. 02:30")
	}
	if err := c.Queue.Validate(); err != nil {
		return err
	}
	if c.Commune.AgencyCode != "" {
		if err := ValidateAgencyCode(c.Commune.AgencyCode); err != nil {
			return err
		}
	}
	if err := c.Dossiers.Validate(); err != nil {
		return err
	}
	for _, b := range c.Buttons {
		if err := b.Validate(c.Queue); err != nil {
			return err
		}
	}
	return nil
}
