// Package portal converts procedure detail records in the national public service
// portal's JSON (Cổng Dịch vụ công quốc gia, the shape of ../shared/data/dvcqg/*.json)
// into the kiosk's procedures. Real records are messy: numbers arrive as strings or
// floats, texts carry "\n" bullet lists and stray whitespace, empty strings stand for
// absent values. Each record converts, or is refused with a reason; a document is never
// dropped without a word in the report.
package portal

import "encoding/json"

// envelope is one file as the portal's API answers: {"code":"OK","data":{…},"message":"OK"}.
type envelope struct {
	Code string  `json:"code"`
	Data *record `json:"data"`
}

type named struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Code string `json:"code"`
}

type record struct {
	ID               string          `json:"id"`
	Code             string          `json:"code"`
	Name             string          `json:"name"`
	ExecutionSteps   []executionStep `json:"executionSteps"`
	ExecutionMethods []struct {
		SubmissionMethod   string `json:"submissionMethod"`
		ProcessingTime     any    `json:"processingTime"` // a number, a float, or a sentence
		ProcessingTimeUnit string `json:"processingTimeUnit"`
		Description        string `json:"description"`
		Fees               []fee  `json:"fees"`
	} `json:"executionMethods"`
	ExecutionCases    []docCase   `json:"executionCases"`
	ProfileComponents []component `json:"profileComponents"`
	Cases             []struct {
		Name          string `json:"name"`
		ProcessingDay *struct {
			Qty  any    `json:"qty"`
			Type string `json:"type"`
		} `json:"processingDay"`
		ProfileComponents []component `json:"profileComponents"`
	} `json:"cases"`
	Fees                      []fee   `json:"fees"`
	IsWard                    bool    `json:"isWard"`
	IsProvince                bool    `json:"isProvince"`
	IsMinistry                bool    `json:"isMinistry"`
	Keywords                  string  `json:"keywords"`
	Category                  *named  `json:"category"`
	CategoriesDetails         []named `json:"categoriesDetails"`
	DepartmentsExecuting      []named `json:"departmentsExecuting"`
	UnitGroupsExecuting       []named `json:"unitGroupsExecuting"`
	LegalBasisesDetails       []named `json:"legalBasisesDetails"`
	ResultsDetails            []named `json:"resultsDetails"`
	SubjectTypesDetails       []named `json:"subjectTypesDetails"`
	ExecutingAgencies         string  `json:"executingAgencies"`
	DossierReceivingAddresses string  `json:"dossierReceivingAddresses"`
	RequirementsAndConditions string  `json:"requirementsAndConditions"`
	Note                      string  `json:"note"`
}

type executionStep struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

type fee struct {
	Type         string `json:"type"`
	Value        any    `json:"value"`
	CurrencyID   string `json:"currencyId"`   // empty for đồng in most real records
	CurrencyName string `json:"currencyName"` // "Việt Nam Đồng", "USD"; absent when the id is empty
	Description  string `json:"description"`
	Attachment   *struct {
		FileID   string `json:"fileId"`
		FileName string `json:"fileName"`
	} `json:"attachment"` // the fee schedule, when the amounts are in a file
}

type docCase struct {
	Name              string      `json:"name"`
	ProfileComponents []component `json:"profileComponents"`
}

type component struct {
	Name        string          `json:"name"`
	OriginalQty any             `json:"originalQty"`
	CopyQty     any             `json:"copyQty"`
	Attachments json.RawMessage `json:"attachments"`
}
