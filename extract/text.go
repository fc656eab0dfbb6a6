package extract

import (
	"regexp"

	"github.com/fiscaldoc/fiscaldoc"
)

// Helpers every extractor of the package uses: text measures, units, and
// the basis of a document's own figures.

// lcs returns the length of the longest common subsequence of a and b.
func lcs(a, b []rune) int {
	var rows [2][48]int // on the stack for the short texts it compares
	prev, cur := rows[0][:], rows[1][:]
	if len(b)+1 > len(prev) {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// docBasis is the basis of a document's own tables: budget for a 部门预算,
// actual for a 部门决算, "" when the document is neither.
func docBasis(doc *fiscaldoc.Document) string {
	switch doc.Meta.DocType {
	case fiscaldoc.DeptBudget:
		return fiscaldoc.Budget
	case fiscaldoc.FinalAccounts:
		return fiscaldoc.Actual
	}
	return ""
}

// unitLine is a unit printed above a table or in its header:
// 单位:万元, 金额单位:元, 金额(元).
var unitLine = regexp.MustCompile(`(单位|单|位)\s*[:：]?\s*(万元|亿元|元)|[(（](万元|亿元|元)[)）]`)

// unitOf returns the unit a unit line names, "" for none.
func unitOf(text string) string {
	m := unitLine.FindStringSubmatch(text)
	switch {
	case m == nil:
		return ""
	case m[2] != "":
		return m[2]
	}
	return m[3]
}

// oneRuneAt returns the index of the one character in which a and b,
// of the same length, differ; -1 when they differ in none, in more, or
// in length.
func oneRuneAt(a, b []rune) int {
	if len(a) != len(b) {
		return -1
	}
	at := -1
	for i := range a {
		if a[i] != b[i] {
			if at >= 0 {
				return -1
			}
			at = i
		}
	}
	return at
}
