package voice

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// wavFormat is the part of a WAV "fmt " chunk that must match to join clips.
type wavFormat struct {
	Channels      uint16
	SampleRate    uint32
	BitsPerSample uint16
}

// pcm returns a PCM WAV's format and sample data.
func pcm(b []byte) (wavFormat, []byte, error) {
	var f wavFormat
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return f, nil, errors.New("not a WAV file")
	}
	var data []byte
	gotFmt := false
	for p := 12; p+8 <= len(b); {
		id := string(b[p : p+4])
		size := int(binary.LittleEndian.Uint32(b[p+4 : p+8]))
		body := b[p+8:]
		if size > len(body) {
			size = len(body) // a truncated last chunk: keep what is there
		}
		body = body[:size]
		switch id {
		case "fmt ":
			if size < 16 || binary.LittleEndian.Uint16(body[0:2]) != 1 {
				return f, nil, errors.New("WAV is not PCM")
			}
			f = wavFormat{binary.LittleEndian.Uint16(body[2:4]), binary.LittleEndian.Uint32(body[4:8]), binary.LittleEndian.Uint16(body[14:16])}
			gotFmt = true
		case "data":
			data = body
		}
		p += 8 + size + size%2
	}
	if !gotFmt || data == nil {
		return f, nil, errors.New("WAV has no fmt or data chunk")
	}
	return f, data, nil
}

// Concat joins PCM WAV clips of one format into one WAV, so a call plays as one sound with
// no gaps between its words.
func Concat(clips ...[]byte) ([]byte, error) {
	var format wavFormat
	var data bytes.Buffer
	for i, c := range clips {
		f, d, err := pcm(c)
		if err != nil {
			return nil, fmt.Errorf("clip %d: %w", i, err)
		}
		if i == 0 {
			format = f
		} else if f != format {
			return nil, fmt.Errorf("clip %d: format %+v differs from %+v", i, f, format)
		}
		data.Write(d)
	}
	if len(clips) == 0 {
		return nil, errors.New("no clips")
	}
	var out bytes.Buffer
	blockAlign := format.Channels * format.BitsPerSample / 8
	w := func(v any) { _ = binary.Write(&out, binary.LittleEndian, v) }
	out.WriteString("RIFF")
	w(uint32(36 + data.Len()))
	out.WriteString("WAVEfmt ")
	w(uint32(16))
	w(uint16(1))
	w(format.Channels)
	w(format.SampleRate)
	w(format.SampleRate * uint32(blockAlign))
	w(blockAlign)
	w(format.BitsPerSample)
	out.WriteString("data")
	w(uint32(data.Len()))
	out.Write(data.Bytes())
	return out.Bytes(), nil
}

// AnnouncementWAV returns the whole call as one WAV.
func (l Library) AnnouncementWAV(code string, counter int, digits bool) ([]byte, error) {
	names, ok := Announcement(code, counter, digits)
	if !ok {
		return nil, fmt.Errorf("cannot announce %q at counter %d: %w", code, counter, ErrNoClip)
	}
	return l.join(names)
}

// CodeWAV returns ticket code alone ("A không không một"), for the kiosk's "Nghe" on the
// number just taken.
func (l Library) CodeWAV(code string, digits bool) ([]byte, error) {
	names, ok := CodeWords(code, digits)
	if !ok {
		return nil, fmt.Errorf("cannot say ticket code %q: %w", code, ErrNoClip)
	}
	return l.join(names)
}

// join returns the named clips as one WAV.
func (l Library) join(names []string) ([]byte, error) {
	clips := make([][]byte, 0, len(names))
	for _, n := range names {
		b, err := l.Open(n)
		if err != nil {
			return nil, err
		}
		clips = append(clips, b)
	}
	return Concat(clips...)
}
