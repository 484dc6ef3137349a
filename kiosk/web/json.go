package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/kiosk"
)

// MaxBody is the largest JSON body a handler reads unless it says otherwise.
const MaxBody = 1 << 20

// StatusOf maps an error code to its HTTP status: the one place this mapping lives.
func StatusOf(code string) int {
	switch code {
	case kiosk.EINVALID:
		return http.StatusBadRequest
	case kiosk.ENOTFOUND:
		return http.StatusNotFound
	case kiosk.ECONFLICT:
		return http.StatusConflict
	case kiosk.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case kiosk.EFORBIDDEN:
		return http.StatusForbidden
	case kiosk.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case kiosk.ETOOMANY:
		return http.StatusTooManyRequests
	case kiosk.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

type errorBody struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		MessageEN string `json:"message_en"`
		Field     string `json:"field,omitempty"`
		// Reason tells apart refusals of one code that a screen answers differently.
		Reason string `json:"reason,omitempty"`
		// RetryAfter is in seconds, as in the Retry-After header sent with it.
		RetryAfter int `json:"retry_after,omitempty"`
	} `json:"error"`
}

// writeError answers with err as JSON. Internal errors are logged with their cause and
// shown to people only as a generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := kiosk.ErrorOf(err)
	status := StatusOf(e.Code)
	if status >= 500 {
		s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "code", e.Code, "err", err)
	} else {
		s.Logger.Info("request refused", "method", r.Method, "path", r.URL.Path, "code", e.Code, "err", err)
	}
	writeErrorJSON(w, status, e)
}

func writeErrorJSON(w http.ResponseWriter, status int, e *kiosk.Error) {
	var b errorBody
	b.Error.Code, b.Error.Message, b.Error.MessageEN, b.Error.Field, b.Error.Reason = e.Code, e.Message, e.MessageEN, e.Field, e.Reason
	if e.RetryAfter > 0 {
		b.Error.RetryAfter = int(math.Ceil(e.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(b.Error.RetryAfter))
	}
	writeJSON(w, status, b)
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// decodeJSON reads r's body, at most limit bytes (MaxBody when 0), into v. Unknown
// fields, trailing data, a wrong content type or an oversize body are refused with a
// message that says which.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if limit == 0 {
		limit = MaxBody
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return kiosk.Invalid("body", "Dữ liệu gửi lên phải là JSON", "the body must be application/json")
	}
	if err := kiosk.DecodeStrict(http.MaxBytesReader(w, r.Body, limit), v); err != nil {
		var tooBig *http.MaxBytesError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &tooBig):
			return kiosk.Errorf(kiosk.ETOOLARGE, fmt.Sprintf("Dữ liệu gửi lên quá lớn (tối đa %d KB)", limit>>10), fmt.Sprintf("the body is over %d KB", limit>>10))
		case errors.As(err, &typeErr):
			return kiosk.Invalid(typeErr.Field, "Trường "+typeErr.Field+" sai kiểu dữ liệu", "field "+typeErr.Field+" has the wrong type")
		case errors.Is(err, io.EOF):
			return kiosk.Invalid("body", "Chưa gửi dữ liệu", "the body is empty")
		case errors.Is(err, kiosk.ErrTrailingData):
			return kiosk.Invalid("body", "Dữ liệu JSON thừa phần sau", "trailing data after the JSON value")
		default:
			return kiosk.Invalid("body", "Dữ liệu JSON không hợp lệ: "+err.Error(), "malformed JSON: "+err.Error())
		}
	}
	return nil
}
