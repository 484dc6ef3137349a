package sync

import "time"

// Heartbeat is what a kiosk tells the hub every few minutes (POST /v1/heartbeat).
type Heartbeat struct {
	Version       string    `json:"version"`
	StartedAt     time.Time `json:"started_at"`
	UptimeSeconds int64     `json:"uptime_seconds"`
	DiskFreeBytes uint64    `json:"disk_free_bytes"`
	DBBytes       int64     `json:"db_bytes"`
	Printer       Printer   `json:"printer"`
	Backlog       int64     `json:"backlog"`
	OldestPending time.Time `json:"oldest_pending,omitzero"`
	LastSync      time.Time `json:"last_sync,omitzero"` // last acknowledged push, by the kiosk's clock
	LastError     string    `json:"last_error,omitempty"`
	Clock         time.Time `json:"clock"` // the kiosk's own clock when it sent this; the hub computes the skew
	// BundleVersions are the versions the kiosk has applied, by kind.
	BundleVersions map[string]int64 `json:"bundle_versions,omitempty"`
	// Update is what became of the last program update (installed, or rolled back and
	// why); nil when the kiosk never installed one.
	Update *UpdateOutcome `json:"update,omitempty"`
	// Results report commands the kiosk has carried out since the last heartbeat.
	Results []CommandResult `json:"results,omitempty"`
}

// Printer is the printer's state as the heartbeat carries it.
type Printer struct {
	Online    bool   `json:"online"`
	PaperLow  bool   `json:"paper_low"`
	PaperOut  bool   `json:"paper_out"`
	CoverOpen bool   `json:"cover_open"`
	Error     string `json:"error,omitempty"`
	Queued    int    `json:"queued"`
}

// HeartbeatReply carries the hub's time and the commands queued for the kiosk.
type HeartbeatReply struct {
	ServerTime time.Time `json:"server_time"`
	Commands   []Command `json:"commands,omitempty"`
}

// Command kinds.
const (
	CommandSyncNow      = "sync_now"
	CommandSendLogs     = "send_logs"
	CommandReloadConfig = "reload_config"
	// CommandApplyBundle asks the kiosk to pull bundles now and to have applied at least
	// the version its Arg names ("catalog:12"); it fails with the kiosk's reason when the
	// bundle was refused or is not in the kiosk's scope.
	CommandApplyBundle = "apply_bundle"
)

// Command states on the hub.
const (
	StateQueued    = "queued"
	StateDelivered = "delivered"
	StateDone      = "done"
	StateFailed    = "failed"
	StateExpired   = "expired"
)

// Command is a request from IT to one kiosk.
type Command struct {
	ID      int64     `json:"id"`
	Kind    string    `json:"kind"`
	Arg     string    `json:"arg,omitempty"` // CommandApplyBundle: "kind:version"
	Issued  time.Time `json:"issued"`
	Expires time.Time `json:"expires"`
}

// CommandResult reports a command done or failed.
type CommandResult struct {
	ID     int64  `json:"id"`
	State  string `json:"state"` // StateDone or StateFailed
	Detail string `json:"detail,omitempty"`
}
