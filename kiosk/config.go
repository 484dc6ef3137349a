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
// or the file named by MOTCUA_CONFIG) plus environment overrides. Every knob has a safe
// default, so a first run needs no file at all. README.md lists the same knobs.
type Config struct {
	// DataDir holds the SQLite file, logs, keys and printed pages.
	// Env MOTCUA_DATA_DIR. Default: $XDG_DATA_HOME/motcua or ~/.local/share/motcua.
	DataDir string `json:"data_dir"`
	// Commune is the unit the kiosk serves; its name heads every screen and ticket.
	Commune Commune `json:"commune"`
	// Listen is the LAN server's address. Env MOTCUA_LISTEN. Default ":8080".
	Listen string `json:"listen"`
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
	// Hub is the province hub's base URL; empty means no sync. Env MOTCUA_HUB_URL.
	Hub string `json:"hub"`
	// Language is the screens' first language: "vi" (default) or "en".
	Language string `json:"language"`
	// LogMaxBytes rotates motcua.log past this size, keeping LogKeep old files.
	LogMaxBytes int64 `json:"log_max_bytes"`
	LogKeep     int   `json:"log_keep"`
	// Queue is the hall's services, counters, hours and priority policy.
	Queue QueueConfig `json:"queue"`
	// Voice is how calls are spoken.
	Voice VoiceConfig `json:"voice"`
	// Buttons maps GPIO push buttons to counters, for counters without a screen.
	Buttons []ButtonConfig `json:"buttons"`
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
func DefaultConfig() Config {
	return Config{
		DataDir: defaultDataDir(),
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
	}
}

func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "motcua")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "motcua")
	}
	return "data"
}

// LoadConfig returns the defaults, overlaid by the config file if one exists, overlaid by
// the environment (getenv, usually os.Getenv). The data directory is settled first, since
// the file lives in it unless MOTCUA_CONFIG names another. A broken file is an error that
// names the file and what is wrong; a missing one is not.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := DefaultConfig()
	if d := getenv("MOTCUA_DATA_DIR"); d != "" {
		c.DataDir = d
	}
	path := getenv("MOTCUA_CONFIG")
	explicit := path != ""
	if !explicit {
		path = filepath.Join(c.DataDir, "config.json")
	}
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := decodeConfig(b, &c); err != nil {
			return Config{}, fmt.Errorf("config %s: %w", path, err)
		}
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	default:
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if err := c.applyEnv(getenv); err != nil {
		return Config{}, err
	}
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

func decodeConfig(b []byte, c *Config) error {
	if err := DecodeStrict(bytes.NewReader(b), c); err != nil {
		return Invalid("config", "Tệp cấu hình không hợp lệ: "+err.Error(), "the config file is not valid: "+err.Error())
	}
	return nil
}

func (c *Config) applyEnv(getenv func(string) string) error {
	set := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	set(&c.DataDir, "MOTCUA_DATA_DIR")
	set(&c.Commune.Name, "MOTCUA_COMMUNE_NAME")
	set(&c.Commune.Code, "MOTCUA_COMMUNE_CODE")
	set(&c.Commune.AgencyCode, "MOTCUA_AGENCY_CODE")
	set(&c.Commune.Province, "MOTCUA_PROVINCE")
	set(&c.Listen, "MOTCUA_LISTEN")
	set(&c.Printer, "MOTCUA_PRINTER")
	set(&c.Hub, "MOTCUA_HUB_URL")
	set(&c.Language, "MOTCUA_LANGUAGE")
	if v := getenv("MOTCUA_KIOSK_MODE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Invalid("MOTCUA_KIOSK_MODE", "MOTCUA_KIOSK_MODE phải là true hoặc false", "MOTCUA_KIOSK_MODE must be true or false")
		}
		c.KioskMode = b
	}
	return nil
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
	case c.LogKeep < 1:
		return Invalid("log_keep", "log_keep phải từ 1 trở lên", "log_keep must be at least 1")
	case c.PrintMaxWaitMinutes < 1 || c.PrintMaxWaitMinutes > 24*60:
		return Invalid("print_max_wait_minutes", "print_max_wait_minutes phải từ 1 đến 1440 phút", "print_max_wait_minutes must be 1–1440")
	}
	if err := c.Queue.Validate(); err != nil {
		return err
	}
	for _, b := range c.Buttons {
		if err := b.Validate(c.Queue); err != nil {
			return err
		}
	}
	return nil
}
