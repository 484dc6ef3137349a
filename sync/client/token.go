package client

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/motcua/motcua/kiosk"
	wire "github.com/motcua/motcua/sync"
)

// ReadToken reads an enrolment token from r (a file IT handed over, or standard input):
// its first non-empty line, of at most 4 KiB. A token is never taken from the command
// line, where ps and the shell's history would show it to anyone on the machine.
func ReadToken(r io.Reader) (string, error) {
	sc := bufio.NewScanner(io.LimitReader(r, 4<<10))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			if _, err := parseToken(line); err != nil {
				return "", err
			}
			return line, nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", kiosk.Invalid("token", "Không đọc được mã đăng ký: "+err.Error(), "cannot read the enrolment token: "+err.Error())
	}
	return "", kiosk.Invalid("token", "Thiếu mã đăng ký", "the enrolment token is missing")
}

// ReadTokenFile reads the token from the file at path, or from stdin when path is "-".
func ReadTokenFile(path string, stdin io.Reader) (string, error) {
	if path == "-" {
		return ReadToken(stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", kiosk.Invalid("token", "Không mở được tệp mã đăng ký: "+err.Error(), "cannot open the token file: "+err.Error())
	}
	defer f.Close()
	return ReadToken(f)
}

// parseToken is wire.ParseEnrolToken with its refusals in words for the person enrolling.
func parseToken(s string) (wire.EnrolToken, error) {
	t, err := wire.ParseEnrolToken(s)
	switch {
	case errors.Is(err, wire.ErrOldEnrolToken):
		return t, kiosk.Invalid("token",
			"Mã đăng ký theo dạng cũ, không ghi khoá của tỉnh nên không an toàn: xin bộ phận CNTT của tỉnh cấp mã mới (bắt đầu bằng mc2.)",
			err.Error())
	case err != nil:
		return t, kiosk.Invalid("token", "Mã đăng ký không đúng dạng (mc2.…); hãy chép lại nguyên văn từ bộ phận CNTT của tỉnh", err.Error())
	}
	return t, nil
}
