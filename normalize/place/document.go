package place

import "github.com/fiscaldoc/fiscaldoc"

// RepairDocument makes in doc's lines the repairs that its own evidence
// supports (see Repairs): Text is repaired, Raw keeps the printed text. The
// repairs are recorded in doc.Repairs, the variants the evidence could not
// confirm in doc.Problems. The pipeline calls it after reading and before
// segmentation, so the search text and every extractor see repaired text.
func RepairDocument(doc *fiscaldoc.Document) {
	rs, ps := Repairs(doc.Lines)
	if len(rs) > 0 {
		doc.Lines = Apply(doc.Lines, rs)
	}
	doc.Repairs = append(doc.Repairs, rs...)
	doc.Problems = append(doc.Problems, ps...)
}
