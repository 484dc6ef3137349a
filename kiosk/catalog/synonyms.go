package catalog

import (
	_ "embed"
	"encoding/json"

	"github.com/motcua/motcua/kiosk"
)

// synonymsJSON is the kiosk's list of everyday words and the catalog's words for them
// (sổ đỏ, báo tử, giấy độc thân, mở quán…): the demo catalog carries it, and so does every
// bundle `motcua catalog convert` writes, for the province to extend. Edit it there, then
// `go generate ./kiosk/catalog` for the demo.
//
//go:embed synonyms.json
var synonymsJSON []byte

// DefaultSynonyms returns the kiosk's synonym list (synonyms.json).
func DefaultSynonyms() []kiosk.Synonym {
	var s []kiosk.Synonym
	if err := json.Unmarshal(synonymsJSON, &s); err != nil {
		panic("catalog synonyms.json: " + err.Error()) // embedded, and tested
	}
	return s
}
