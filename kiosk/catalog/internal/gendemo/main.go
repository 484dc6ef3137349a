// Command gendemo builds the demo catalog bundle embedded in the kiosk (demo.json) from
// the 56 real commune-level procedures in the shared data folder (procedures.json,
// fields.json), with the kiosk's synonym list (kiosk/catalog/synonyms.json). Run it
// through `go generate ./kiosk/catalog`.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/catalog"
)

type sourceProcedure struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Field     string   `json:"field"`
	Level     string   `json:"level"`
	Agency    string   `json:"agency"`
	Steps     []string `json:"steps"`
	Methods   []string `json:"methods"`
	Documents []struct {
		Name     string `json:"name"`
		Original int    `json:"original"`
		Copy     int    `json:"copy"`
		Note     string `json:"note"`
	} `json:"documents"`
	ProcessingTime kiosk.ProcessingTime `json:"processing_time"`
	Fee            kiosk.Fee            `json:"fee"`
	Result         string               `json:"result"`
	LegalBasis     []string             `json:"legal_basis"`
	Forms          []string             `json:"forms"`
	Requirements   string               `json:"requirements"`
	Source         string               `json:"source"`
}

type sourceField struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

var channels = map[string]string{"Trực tiếp": kiosk.ChannelDirect, "Trực tuyến": kiosk.ChannelOnline, "Bưu chính": kiosk.ChannelPost}

// fieldsEN are the English names of the demo's fields, for the kiosk's English screens.
var fieldsEN = map[string]string{
	"Hộ tịch":            "Civil status",
	"Chứng thực":         "Certification",
	"Cư trú":             "Residence",
	"Bảo trợ xã hội":     "Social protection",
	"Người có công":      "People with meritorious services",
	"Đất đai":            "Land",
	"Hoạt động xây dựng": "Construction",
	"Nghĩa vụ quân sự":   "Military service",
	"Thành lập và hoạt động của hộ kinh doanh": "Household businesses",
	"Nuôi con nuôi":            "Adoption",
	"Tín ngưỡng, tôn giáo":     "Belief and religion",
	"Văn hóa":                  "Culture",
	"Thi đua - khen thưởng":    "Emulation and commendation",
	"Trồng trọt (Nông nghiệp)": "Crop farming (Agriculture)",
	"Bảo hiểm y tế":            "Health insurance",
}

// namesEN are English names of the procedures villagers ask for most.
var namesEN = map[string]string{
	"1.001193": "Birth registration",
	"1.000656": "Death registration",
	"1.000894": "Marriage registration",
	"1.004873": "Certificate of marital status",
	"2.000815": "Certified copy from the original",
	"2.000884": "Signature certification",
	"1.004222": "Permanent residence registration",
	"1.004194": "Temporary residence registration",
	"2.000635": "Copy of a civil status extract or birth certificate",
}

func main() {
	data := flag.String("data", "../../../shared/data", "the shared data folder")
	out := flag.String("out", "demo.json", "where to write the bundle")
	flag.Parse()
	var src []sourceProcedure
	var fields []sourceField
	read(filepath.Join(*data, "procedures.json"), &src)
	read(filepath.Join(*data, "fields.json"), &fields)

	b := catalog.Bundle{Format: catalog.Format}
	b.Version = 1
	b.Demo = true
	b.IssuedAt = time.Date(2026, 7, 18, 0, 0, 0, 0, kiosk.Zone) // the portal snapshot's date
	b.Issuer = "Một Cửa Kiosk — danh mục mẫu (56 thủ tục cấp xã, Cổng DVCQG 18/07/2026)"
	for _, f := range fields {
		kf := kiosk.Field{Name: f.Name, Description: f.Description}
		if en := fieldsEN[f.Name]; en != "" {
			kf.Translations = map[string]string{"en": en}
		}
		b.Fields = append(b.Fields, kf)
	}
	for _, s := range src {
		p := kiosk.Procedure{
			Code: s.Code, Name: s.Name, Field: s.Field, Level: s.Level, Agency: s.Agency,
			Steps: s.Steps, ProcessingTime: s.ProcessingTime, Fee: s.Fee, Result: s.Result,
			LegalBasis: s.LegalBasis, Forms: s.Forms, Requirements: s.Requirements, Source: s.Source,
			Methods: []kiosk.Method{}, Documents: []kiosk.Document{},
		}
		if p.Code == "" {
			// An internal procedure (thủ tục nội bộ) has no national code; the kiosk needs one.
			p.Code = "NB.GDVH"
		}
		for _, m := range s.Methods {
			ch, ok := channels[m]
			if !ok {
				log.Fatalf("%s: unknown method %q", s.Code, m)
			}
			p.Methods = append(p.Methods, kiosk.Method{Channel: ch, ProcessingTime: s.ProcessingTime})
		}
		for _, d := range s.Documents {
			p.Documents = append(p.Documents, kiosk.Document{Name: d.Name, Original: d.Original, Copy: d.Copy, Note: d.Note})
		}
		if en := namesEN[p.Code]; en != "" {
			p.Translations = map[string]kiosk.ProcedureText{"en": {Name: en}}
		}
		b.Procedures = append(b.Procedures, p)
	}
	b.Synonyms = catalog.DefaultSynonyms()
	js, err := json.MarshalIndent(b, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := catalog.Parse(js); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, append(js, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d fields, %d procedures\n", *out, len(b.Fields), len(b.Procedures))
}

func read(path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}
