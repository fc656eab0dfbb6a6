// Package normalize holds the pure functions that turn OCR text into
// comparable values: numbers with their operator and unit, amounts converted
// exactly to 万元, text with full-width forms folded and OCR spaces removed,
// and Chinese word segmentation. Its Document stage runs first on every
// document: a traditional-character mirror is folded to its simplified
// original (財政撥(bō)款 → 财政拨款), and page furniture (a docx or site
// preamble, page numbers, repeated page headers) is marked for readers to
// skip.
//
// Numbers keep their raw text and come back as exact decimals:
//
//	"1, 085. 68"  → 1085.68
//	"１２３．４５"  → 123.45
//	"－12.5"      → -12.5
//	"≥ 9 0%"      → Measure{Op: "≥", Value: 90, Unit: "%"}
//	"—", "-", ""  → ErrNoValue
//
// Amounts convert exactly: ToWan(12345, "元") = 1.2345 (万元).
//
// Traditional-character mirrors fold character by character:
// Simplified('撥') = '拨'; Traditional is its inverse for writing them.
package normalize
