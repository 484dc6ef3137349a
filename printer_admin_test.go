package main

import (
	"context"
	"image"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/sqlite"
)

// tcpPrinter is a network thermal printer on loopback: it answers DLE EOT from its status
// bytes and decodes what it is sent into pages, as the virtual printer does.
type tcpPrinter struct {
	addr   string
	mu     sync.Mutex
	status [4]byte
	dec    *escpos.Decoder
	pages  []*image.Gray
}

func startTCPPrinter(t *testing.T, dots int) *tcpPrinter {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpPrinter{addr: ln.Addr().String(), status: [4]byte{0x12, 0x12, 0x12, 0x12}}
	p.dec = escpos.NewDecoder(dots, func(g *image.Gray) { p.pages = append(p.pages, g) })
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p
}

func (p *tcpPrinter) serve(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 4096)
	seen := 0 // how much of DLE EOT has arrived
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		p.mu.Lock()
		_, _ = p.dec.Write(buf[:n])
		var reply []byte
		for _, b := range buf[:n] {
			switch {
			case seen == 0 && b == 0x10, seen == 1 && b == 0x04:
				seen++
			case seen == 2 && b >= 1 && b <= 4:
				reply = append(reply, p.status[b-1])
				seen = 0
			default:
				seen = 0
			}
		}
		p.mu.Unlock()
		if len(reply) > 0 {
			if _, err := c.Write(reply); err != nil {
				return
			}
		}
	}
}

func (p *tcpPrinter) pageCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pages)
}

// adminKiosk is a kiosk out of demo mode, serving on loopback (trusted as admin, the
// installer's shell) with printer ports found under a folder of its own.
func adminKiosk(t *testing.T) (*App, string) {
	t.Helper()
	cfg := testConfig(t)
	a, err := newApp(context.Background(), cfg, kiosk.SystemClock)
	if err != nil {
		t.Fatal(err)
	}
	a.devRoot = t.TempDir()
	for _, dev := range []string{"dev/usb/lp0", "dev/ttyUSB0"} {
		if err := os.MkdirAll(filepath.Join(a.devRoot, filepath.Dir(dev)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(a.devRoot, dev), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a, "http://" + a.Addr()
}

// auditCount is how many entries the audit list holds.
func auditCount(t *testing.T, a *App) int {
	list, err := (&sqlite.AuditLog{DB: a.DB}).Audit(context.Background(), 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// The admin page's printer: the setup's choices; a port not found, a bad network address
// or paper width refused naming the box, and nothing changes; a network printer chosen is
// printed on at once (its status asked, a test page on 58 mm paper), the change is in the
// audit list and the outbox, and the next start keeps it.
func TestAdminChangesThePrinter(t *testing.T) {
	a, base := adminKiosk(t)
	_, got, _ := call(t, "GET", base, "", "/api/v1/admin/printer", "")
	if got["printer"] != "virtual:" {
		t.Fatalf("printer settings: %v", got)
	}
	var uris []string
	for _, c := range got["choices"].([]any) {
		uris = append(uris, c.(map[string]any)["uri"].(string))
	}
	if strings.Join(uris, " ") != "usblp:///dev/usb/lp0 serial:///dev/ttyUSB0 tcp:// virtual:" {
		t.Fatalf("choices %v", uris)
	}

	audits := auditCount(t, a)
	for _, c := range []struct{ printer, field, words string }{
		{"serial:///dev/ttyUSB7", "printer.device", "Cổng máy in /dev/ttyUSB7 không có trên máy này"},
		{"usblp:///dev/usb/lp3", "printer.device", "không có trên máy này"},
		{"tcp://", "printer.address", "Địa chỉ máy in mạng phải có dạng IP:cổng"},
		{"tcp://192.168.1.50:99999", "printer.address", "IP:cổng"},
		{"tcp://192.168.1.50:9100/in", "printer.address", "IP:cổng"},
		{"tcp://192.168.1.50:9100?paper=57", "printer.paper", "58 mm hoặc 80 mm"},
		{"máy in", "printer", "Cấu hình máy in sai"},
	} {
		body := `{"printer": "` + c.printer + `"}`
		status, out, _ := call(t, "PUT", base, "", "/api/v1/admin/printer", body)
		if msg, _ := path(out, "error", "message").(string); status != 400 || path(out, "error", "field") != c.field || !strings.Contains(msg, c.words) {
			t.Errorf("%s: %d %v", c.printer, status, out)
		}
		if status, out, _ := call(t, "POST", base, "", "/api/v1/admin/printer/test", body); status != 400 || path(out, "error", "field") != c.field {
			t.Errorf("test page on %s: %d %v", c.printer, status, out)
		}
	}
	if a.printer.CurrentURI() != "virtual:" || auditCount(t, a) != audits {
		t.Fatalf("a refused printer changed something: %s, %d audit entries (was %d)", a.printer.CurrentURI(), auditCount(t, a), audits)
	}

	fake := startTCPPrinter(t, escpos.Dots58)
	uri := "tcp://" + fake.addr + "?paper=58"
	notices, stop := a.Broker.Subscribe(64)
	defer stop()
	if status, out, _ := call(t, "PUT", base, "", "/api/v1/admin/printer", `{"printer": "`+uri+`"}`); status != 200 || out["printer"] != uri {
		t.Fatalf("switch to the network printer: %d %v", status, out)
	}
	// The spool asks the new printer at once, and says so to the pages.
	for n := range notices {
		if h, ok := n.Data.(kiosk.PrinterHealth); ok && n.Kind == "printer.status" && h.Configured == uri && h.Online {
			break
		}
	}
	_, health, _ := call(t, "GET", base, "", "/api/v1/admin/health", "")
	if path(health, "printer", "configured") != uri || path(health, "printer", "online") != true {
		t.Fatalf("health after the switch: %v", health["printer"])
	}
	status, out, _ := call(t, "POST", base, "", "/api/v1/admin/printer/test", `{}`)
	if status != 200 || out["ok"] != true || !strings.Contains(out["report"].(string), "384") {
		t.Fatalf("test page: %d %v", status, out)
	}
	if n := fake.pageCount(); n != 1 {
		t.Fatalf("the network printer printed %d pages", n)
	}

	list, err := (&sqlite.AuditLog{DB: a.DB}).Audit(context.Background(), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if e := list[0]; e.Kind != "printer.changed" || e.Summary != "Máy in: Máy in mạng "+fake.addr+", khổ 58 mm" || e.Actor != kiosk.ActorLoopback.ID || e.OutboxSeq == 0 {
		t.Fatalf("audit entry %+v", e)
	}
	events, err := a.DB.Pending(context.Background(), list[0].OutboxSeq-1, 1)
	if err != nil || len(events) != 1 || events[0].Kind != "printer.changed" || !strings.Contains(string(events[0].Body), `"was":"virtual:"`) {
		t.Fatalf("outbox: %+v %v", events, err)
	}
	// The same printer again changes nothing.
	if status, _, _ := call(t, "PUT", base, "", "/api/v1/admin/printer", `{"printer": "`+uri+`"}`); status != 200 || auditCount(t, a) != audits+1 {
		t.Fatalf("the same printer again: %d, %d audit entries", status, auditCount(t, a))
	}

	dir := a.Config.DataDir
	a.Close()
	r := newCLIRig(t)
	code, shown, errOut := r.run("config", "show", "--data", dir)
	if line := settingLine(shown, "printer"); code != 0 || !strings.HasSuffix(line, `"`+uri+`"`) || !strings.Contains(line, "setup") {
		t.Fatalf("config show after the change: %d %q %s", code, line, errOut)
	}
	if line := settingLine(shown, "commune.name"); strings.Contains(line, "setup") {
		t.Fatalf("the commune moved to the setup layer: %q", line)
	}
}

// A printer an environment variable sets cannot be changed on the admin page: the next
// start would put it back.
func TestAdminPrinterLockedByTheEnvironment(t *testing.T) {
	a, base := adminKiosk(t)
	a.setup.sources = kiosk.Sources{"printer": {Layer: kiosk.LayerEnv, From: "MOTCUA_PRINTER"}}
	_, got, _ := call(t, "GET", base, "", "/api/v1/admin/printer", "")
	if by, _ := got["locked_by"].(string); !strings.Contains(by, "MOTCUA_PRINTER") {
		t.Fatalf("printer settings: %v", got)
	}
	status, out, _ := call(t, "PUT", base, "", "/api/v1/admin/printer", `{"printer": "virtual:?paper=58"}`)
	if msg, _ := path(out, "error", "message").(string); status != 400 || !strings.Contains(msg, "MOTCUA_PRINTER") {
		t.Fatalf("a locked printer changed: %d %v", status, out)
	}
	if a.printer.CurrentURI() != "virtual:" {
		t.Fatalf("printer %s", a.printer.CurrentURI())
	}
}

// From the LAN, without an admin's session, the printer is neither shown nor changed.
func TestAdminPrinterNeedsAnAdmin(t *testing.T) {
	_, base := adminKiosk(t)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/admin/printer", ""},
		{"PUT", "/api/v1/admin/printer", `{"printer": "virtual:?paper=58"}`},
		{"POST", "/api/v1/admin/printer/test", `{}`},
		{"GET", "/api/v1/admin/enrolment", ""},
		{"POST", "/api/v1/admin/enrolment", `{"hub": "https://hub.example", "token": "x"}`},
	} {
		if status, out, _ := call(t, c.method, base, lan, c.path, c.body); status != http.StatusUnauthorized && status != http.StatusForbidden {
			t.Errorf("%s %s from the LAN: %d %v", c.method, c.path, status, out)
		}
	}
}
