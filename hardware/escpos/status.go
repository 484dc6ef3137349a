package escpos

import "fmt"

// Status is what the four real-time status replies (DLE EOT 1–4) say.
type Status struct {
	Offline         bool // DLE EOT 1 bit 3
	WaitingRecovery bool // DLE EOT 1 bit 5: waiting for online recovery
	CoverOpen       bool // DLE EOT 2 bit 2
	FeedButton      bool // DLE EOT 2 bit 3: paper being fed by the button
	StoppedPaperEnd bool // DLE EOT 2 bit 5: printing stopped because the paper ran out
	ErrorOccurred   bool // DLE EOT 2 bit 6
	MechanicalError bool // DLE EOT 3 bit 2
	CutterError     bool // DLE EOT 3 bit 3
	Unrecoverable   bool // DLE EOT 3 bit 5
	AutoRecoverable bool // DLE EOT 3 bit 6 (e.g. head too hot)
	PaperNearEnd    bool // DLE EOT 4 bits 2–3 (printers without a near-end sensor always say no)
	PaperEnd        bool // DLE EOT 4 bits 5–6
	Raw             [4]byte
}

// ValidReply reports whether b has the fixed bits of every DLE EOT reply: 0xx1xx10.
func ValidReply(b byte) bool { return b&0x93 == 0x12 }

// ParseStatus reads the replies to DLE EOT 1, 2, 3 and 4, in that order. A reply that does
// not match 0xx1xx10 is refused: the byte is noise, an echo, or the answer to something else.
func ParseStatus(r [4]byte) (Status, error) {
	for i, b := range r {
		if !ValidReply(b) {
			return Status{}, fmt.Errorf("printer status: reply %#02x to DLE EOT %d is not a status byte", b, i+1)
		}
	}
	bit := func(b byte, n uint) bool { return b&(1<<n) != 0 }
	return Status{
		Offline:         bit(r[0], 3),
		WaitingRecovery: bit(r[0], 5),
		CoverOpen:       bit(r[1], 2),
		FeedButton:      bit(r[1], 3),
		StoppedPaperEnd: bit(r[1], 5),
		ErrorOccurred:   bit(r[1], 6),
		MechanicalError: bit(r[2], 2),
		CutterError:     bit(r[2], 3),
		Unrecoverable:   bit(r[2], 5),
		AutoRecoverable: bit(r[2], 6),
		PaperNearEnd:    bit(r[3], 2) || bit(r[3], 3),
		PaperEnd:        bit(r[3], 5) || bit(r[3], 6),
		Raw:             r,
	}, nil
}
