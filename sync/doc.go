// Package sync is the wire protocol shared by the kiosk (sync/client) and the province hub
// (sync/hub): event batches and their acks, signed bundles, heartbeats and commands,
// enrolment, and the Ed25519 request signature. Standard library only.
//
// Importers usually name it wire, since it shadows the standard library's sync:
//
//	import wire "github.com/motcua/motcua/sync"
package sync

// Paths of the hub's API.
const (
	PathEnrol     = "/v1/enrol"
	PathEvents    = "/v1/events"
	PathHeartbeat = "/v1/heartbeat"
	PathBundles   = "/v1/bundles/" // + kind, ?since=V
	PathLogs      = "/v1/logs"     // ?command=ID: a send_logs upload, gzip text
	PathUpdates   = "/v1/updates/" // + the binary's SHA-256 (hex): an update bundle's binary, Range allowed
)
