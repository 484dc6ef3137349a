package portal

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/motcua/motcua/kiosk"
)

var feeWords = map[string]string{"FEE": "Phí", "SERVICE_FEE": "Lệ phí", "PRICE_LEVEL": "Mức giá"}

// The portal names a fee's currency by an id and, beside it, a name. Of the 2,238 fees in
// the 402 real records, 1,525 give neither (amounts like 8000: đồng), 696 "Việt Nam Đồng"
// and 17 "USD" (registrations at missions abroad).
var (
	currencyIDs   = map[string]string{"019b3fb2-b5b8-70ac-85e2-9409ec1eaffa": "VND", "019b3fb2-dee2-76ab-aa53-22d4d903a2bb": "USD"}
	currencyNames = map[string]string{"việt nam đồng": "VND", "đồng": "VND", "vnđ": "VND", "đô la mỹ": "USD"}
)

// currency is the fee's ISO 4217 code. A currency the converter does not know refuses the
// record: guessing đồng printed "5 USD" as "5 đồng".
func currency(f fee) (string, error) {
	if name := clean(f.CurrencyName); name != "" {
		if c, ok := currencyNames[strings.ToLower(name)]; ok {
			return c, nil
		}
		if c := strings.ToUpper(name); len(c) == 3 && strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
			return c, nil
		}
		return "", fmt.Errorf("a fee is in a currency the converter does not know: %q", name)
	}
	if f.CurrencyID == "" {
		return "VND", nil
	}
	if c, ok := currencyIDs[f.CurrencyID]; ok {
		return c, nil
	}
	return "", fmt.Errorf("a fee is in a currency the converter does not know (id %q, no name)", f.CurrencyID)
}

func convertFee(f fee) (kiosk.Fee, error) {
	var kf kiosk.Fee
	cur, err := currency(f)
	if err != nil {
		return kf, err
	}
	label := feeWords[f.Type]
	if label == "" {
		label = "Phí, lệ phí"
	}
	text := label
	if v, ok := number(f.Value); ok && v >= 0 && v < 1e12 {
		switch {
		case cur != "VND":
			kf.Amount, kf.Currency = &v, cur
			text += ": " + formatNumber(v) + " " + cur
		case v == math.Trunc(v):
			amount := int64(v)
			kf.AmountVND = &amount
			text += ": " + kiosk.GroupThousands(amount) + " đồng"
		}
	}
	if d := clean(f.Description); d != "" {
		text += ". " + d
	}
	kf.Text = text
	if a := f.Attachment; a != nil {
		name, id := clean(a.FileName), clean(a.FileID)
		if name != "" || id != "" {
			kf.Attachments = []kiosk.Attachment{{Name: firstNonEmpty(name, "Tệp "+id), FileID: id}}
		}
	}
	return kf, nil
}

// procedureFee sums up a channel's fees as one: the amount when every fee is free or there
// is exactly one with an amount (in its own currency), all the texts, exemptions included,
// and every fee schedule attached.
func procedureFee(fees []kiosk.Fee, portalFees []fee) (kiosk.Fee, error) {
	if len(fees) == 0 {
		for i, f := range portalFees {
			kf, err := convertFee(f)
			if err != nil {
				return kiosk.Fee{}, fmt.Errorf("fees[%d]: %w", i, err)
			}
			fees = append(fees, kf)
		}
	}
	if len(fees) == 0 {
		return kiosk.Fee{Text: "Cổng Dịch vụ công quốc gia không ghi phí, lệ phí cho thủ tục này."}, nil
	}
	var out kiosk.Fee
	var texts []string
	allZero, allKnown := true, true
	files := map[string]bool{}
	for _, f := range fees {
		texts = append(texts, f.Text)
		if f.AmountVND == nil {
			allKnown = false
		} else if *f.AmountVND != 0 {
			allZero = false
		}
		// The portal attaches the same schedule to each fee, uploaded again each time.
		for _, a := range f.Attachments {
			if !files[a.Name] {
				files[a.Name] = true
				out.Attachments = append(out.Attachments, a)
			}
		}
	}
	switch {
	case allKnown && allZero:
		zero := int64(0)
		out.AmountVND = &zero
	case allKnown && len(fees) == 1:
		out.AmountVND = fees[0].AmountVND
	case len(fees) == 1 && fees[0].Currency != "":
		out.Amount, out.Currency = fees[0].Amount, fees[0].Currency
	}
	out.Text = strings.Join(unique(texts), "\n")
	return out, nil
}

// number reads a JSON number, or a string holding one ("1", "7,5").
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case string:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(x), ",", "."), 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}
