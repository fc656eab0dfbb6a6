// Package fiscaldoc holds the domain types that flow through the pipeline:
// a Document is read by package corpus, normalised and segmented by package
// normalize, turned into Facts, Checks and Repairs by package extract, and
// written to SQLite by package schema.
//
// The types carry provenance from the first byte to the stored row: every
// Line keeps its raw text and 1-based number, every Fact its line span and
// the raw text it was read from.
package fiscaldoc

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// Document types, the values of the doc_type fact.
const (
	FinalAccounts       = "final_accounts"         // 部门决算
	DeptBudget          = "dept_budget"            // 部门预算, 单位预算: published before the year
	DeptPerfSelfEval    = "dept_perf_self_eval"    // 部门(整体支出)绩效自评报告
	ProjectPerfSelfEval = "project_perf_self_eval" // stand-alone 项目支出绩效自评
)

// Bases of money facts.
const (
	Actual        = "actual"         // 决算数, 执行数, 实际
	Budget        = "budget"         // 预算数 alone, 全年预算数
	InitialBudget = "initial_budget" // 年初预算数
)

// Sources of a fact: where in the document it was read.
const (
	FromMeta  = "meta"  // title, signature, cover
	FromTable = "table" // a table cell
	FromProse = "prose" // a sentence of the narrative
)

// A Line is one line of a document's text.
type Line struct {
	N    int    // 1-based line number in the decoded source (for PDFs: in the rebuilt text)
	Page int    // 1-based PDF page; 0 for text files
	Raw  string // the line as decoded, kept for provenance
	Text string // normalised (normalize.Text): full-width folded, OCR spaces between CJK removed
	// Furniture marks a line that is not the report's text: a preamble
	// (docx metadata, a site's boilerplate), a page number or a repeated
	// page header. Readers skip it; it keeps its number for provenance.
	Furniture bool
}

// A Document is one source file on its way through the pipeline.
type Document struct {
	Path     string // as given on the command line, cleaned
	Name     string // base name, the `doc` key of facts
	SHA256   string // hex digest of the file's bytes
	Bytes    int64
	Encoding string // utf-8, utf-8-bom, utf-16le, utf-16be, gb18030, pdf
	Lines    []Line

	// Tokens holds the gse segmentation of each line, indexed like Lines,
	// words joined by single spaces: the text of the full-text index.
	Tokens []string

	// Tables are the tables read from the document, in line order: by
	// package corpus from a PDF's geometry, by package layout from text.
	Tables []Table

	Meta     Meta
	Facts    []Fact
	Checks   []Check
	Repairs  []Repair
	Codes    []CodeName
	Problems []Problem

	// Err is set when the document could not be read at all; it is then
	// stored with status "failed" and no facts.
	Err error
}

// Meta is what a document says about itself.
type Meta struct {
	DocType    string
	Org        string
	Province   string
	Prefecture string
	County     string
	RegionCode string
	FiscalYear int
	ReportDate string // YYYY-MM-DD
}

// A Fact is one extracted figure or name, in the flat form of FACTS.md.
type Fact struct {
	Field     string
	Project   string
	Indicator string
	Table     string
	Code      string
	Col       string
	Year      int    // 0 when not set
	Basis     string // Actual, Budget, InitialBudget or ""
	Value     string // canonical text: plain decimal for numbers
	Unit      string // 万元, %, 人, 分, or "" for text facts

	// Indicator rows also keep the 一级 and 二级指标 they sit under and the
	// 偏差原因 (reason for a deviation) printed beside them.
	Level1 string
	Level2 string
	Note   string

	// Num is the exact number for facts with a unit.
	Num decimal.NullDecimal

	Source  string // FromMeta, FromTable, FromProse
	Line    int    // first source line
	EndLine int    // last source line (== Line for one line)
	Raw     string // the source text the value was read from
}

// Key returns the identity of a fact without its value: two facts with the
// same key and the same value are repeats.
func (f Fact) Key() string {
	return f.Field + "|" + f.Project + "|" + f.Indicator + "|" + f.Table + "|" + f.Code + "|" + f.Col +
		"|" + strconv.Itoa(f.Year) + "|" + f.Basis + "|" + f.Unit
}

// A Check is an accounting identity or cross-check evaluated on a document.
// Checks are stored whether they hold or not.
type Check struct {
	Name     string // e.g. "支出决算表 2101501 = Σ 项", "execution_rate"
	Expected decimal.Decimal
	Actual   decimal.Decimal
	OK       bool
	Line     int
	Detail   string
}

// Difference is Actual − Expected.
func (c Check) Difference() decimal.Decimal { return c.Actual.Sub(c.Expected) }

// A Repair records one OCR repair: raw text replaced by what the document's
// own evidence supports.
type Repair struct {
	Line     int
	Kind     string // place, vocabulary, code, number, indicator (a name), cell (a garbled value)
	Raw      string
	Repaired string
	Evidence string
}

// A CodeName is a (year, classification code, name) pair printed in a table;
// the codes dictionary grows from them.
type CodeName struct {
	Year int
	Code string
	Name string
	Line int
}

// A Problem is something wrong with a document that did not stop it being read.
type Problem struct {
	Line int // 0 for the whole document
	Kind string
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", p.Line, p.Kind, p.Msg)
	}
	return p.Kind + ": " + p.Msg
}

// Problemf records a problem on the document.
func (d *Document) Problemf(line int, kind, format string, args ...any) {
	d.Problems = append(d.Problems, Problem{Line: line, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}
