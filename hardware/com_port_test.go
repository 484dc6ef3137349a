package hardware

import "testing"

// A Windows COM port is named as serial:COMn; anything else after serial: is refused.
func TestParseCOMPort(t *testing.T) {
	good := map[string]Target{
		"serial:COM3":             {Path: "COM3", Baud: 9600},
		"serial:com12?baud=19200": {Path: "com12", Baud: 19200},
	}
	for uri, want := range good {
		got, err := ParseURI(uri)
		if err != nil || got.Path != want.Path || got.Baud != want.Baud {
			t.Errorf("%s: %+v, %v; want path %s at %d baud", uri, got, err, want.Path, want.Baud)
		}
	}
	for _, uri := range []string{"serial:COM0", "serial:COM", "serial:LPT1", "usblp:COM3", "serial:COM3x"} {
		if _, err := ParseURI(uri); err == nil {
			t.Errorf("%s: accepted", uri)
		}
	}
}
