package escpos

// CommandLen returns the length of the command at the start of b as a printer parses it
// (the subset motcua emits; any other ESC or GS command is taken to have one parameter),
// or 0 when b holds only part of it. The virtual printer, Resync and test printers split a
// stream with it, so they agree on where each command ends.
func CommandLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	need := func(n int) int {
		if len(b) < n {
			return 0
		}
		return n
	}
	switch b[0] {
	case ESC:
		if len(b) < 2 {
			return 0
		}
		switch b[1] {
		case '@', '2':
			return 2
		}
		return need(3) // ESC E n, ESC a n, ESC J n, ESC d n, ESC 3 n, ESC t n, ESC - n, …
	case GS:
		if len(b) < 2 {
			return 0
		}
		switch b[1] {
		case 'V':
			if len(b) < 3 {
				return 0
			}
			if b[2] == 65 || b[2] == 66 {
				return need(4) // GS V m n: feed, then cut
			}
			return 3
		case 'v':
			if len(b) < 8 {
				return 0
			}
			return need(8 + rasterBytes(b))
		case '(':
			if len(b) < 5 {
				return 0
			}
			return need(5 + (int(b[3]) | int(b[4])<<8))
		}
		return need(3)
	case DLE:
		return need(3) // DLE EOT n
	}
	return 1 // LF, text, and control bytes the printer ignores (NUL among them)
}

// rasterBytes is the image data a GS v 0 header (8 bytes) declares.
func rasterBytes(h []byte) int { return (int(h[4]) | int(h[5])<<8) * (int(h[6]) | int(h[7])<<8) }

// Resync returns what to send before anything else to a printer that may have received
// part of job and no more (the connection dropped, the line stalled): zero bytes enough to
// complete the longest counted command in job — a raster image or QR data cut off part-way
// takes them as blank data, and a printer between commands ignores NUL — then ESC @, which
// clears the rest and resets every mode. Without it the printer takes the start of the next
// job as the rest of a half-sent image. The count is the longest command, not what is left
// of the last one, because bytes the transport took may never have reached the printer.
func Resync(job []byte) []byte {
	pad := 8 // the longest fixed header (GS v 0), so a cut-off header is completed too
	for i := 0; i < len(job); {
		n := CommandLen(job[i:])
		if n == 0 {
			// The job ends inside a command: count what its header declares, if it is whole.
			switch rest := job[i:]; {
			case len(rest) >= 8 && rest[0] == GS && rest[1] == 'v':
				pad = max(pad, 8+rasterBytes(rest))
			case len(rest) >= 5 && rest[0] == GS && rest[1] == '(':
				pad = max(pad, 5+(int(rest[3])|int(rest[4])<<8))
			}
			break
		}
		pad = max(pad, n)
		i += n
	}
	out := make([]byte, pad, pad+2)
	return append(out, ESC, '@')
}
