package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const bom = "\uFEFF"

// TestExportFormats (issue 17): facts, checks, repairs, query and search
// write table, csv (with a BOM unless -bom=false), jsonl and xlsx; each
// row carries its document's id and path, and the formats hold the same
// rows.
func TestExportFormats(t *testing.T) {
	_, db := openSample(t)
	commands := [][]string{
		{"facts"}, {"checks", "-all"}, {"repairs"}, {"search", "-limit", "0", "医疗保障"},
		{"query", "SELECT doc_id, path, place, fiscal_year, income_total FROM reports"},
	}
	for _, c := range commands {
		args := func(format string, extra ...string) []string {
			return append(append([]string{c[0], "-db", db, "-format", format}, extra...), c[1:]...)
		}
		out, err := run(t, args("csv")...)
		if err != nil {
			t.Fatalf("%s csv: %v", c[0], err)
		}
		if !strings.HasPrefix(out, bom) {
			t.Errorf("%s csv: no byte order mark", c[0])
		}
		records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, bom))).ReadAll()
		if err != nil || len(records) < 2 {
			t.Fatalf("%s csv: %d records, %v", c[0], len(records), err)
		}
		if h := strings.Join(records[0], ","); !strings.HasPrefix(h, "doc_id,path,") {
			t.Errorf("%s csv header %q: want doc_id and path first", c[0], h)
		}
		plain, _ := run(t, args("csv", "-bom=false")...)
		if plain != strings.TrimPrefix(out, bom) {
			t.Errorf("%s csv -bom=false differs from the csv less its BOM", c[0])
		}
		jsonl, err := run(t, args("jsonl")...)
		if err != nil {
			t.Fatalf("%s jsonl: %v", c[0], err)
		}
		lines := strings.Split(strings.TrimSpace(jsonl), "\n")
		if len(lines) != len(records)-1 {
			t.Errorf("%s: %d jsonl lines, %d csv rows", c[0], len(lines), len(records)-1)
		}
		var first map[string]any
		if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first["doc_id"] == nil || first["path"] == nil {
			t.Errorf("%s jsonl: %v, %s", c[0], err, lines[0])
		}
		xlsx, err := run(t, args("xlsx")...)
		if err != nil {
			t.Fatalf("%s xlsx: %v", c[0], err)
		}
		f, err := excelize.OpenReader(strings.NewReader(xlsx))
		if err != nil {
			t.Fatalf("%s xlsx: %v", c[0], err)
		}
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil || len(rows) != len(records) {
			t.Errorf("%s xlsx: %d rows, %v; csv has %d", c[0], len(rows), err, len(records))
		}
		f.Close()
		if _, err := run(t, args("table")...); err != nil {
			t.Errorf("%s table: %v", c[0], err)
		}
	}
	// The amount of a money fact is a number.
	out, _ := run(t, "facts", "-db", db, "-format", "csv", "-bom=false")
	records, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
	col := map[string]int{}
	for i, h := range records[0] {
		col[h] = i
	}
	for _, k := range []string{"doc_id", "path", "place", "year", "amount", "line_first", "line_last", "raw"} {
		if _, ok := col[k]; !ok {
			t.Errorf("facts csv has no column %s: %v", k, records[0])
		}
	}
	for _, r := range records[1:] {
		if r[col["unit"]] == "万元" {
			if _, err := strconv.ParseFloat(r[col["amount"]], 64); err != nil {
				t.Errorf("money fact without a numeric amount: %v", r)
				break
			}
		}
	}
}

// TestRepairsFitTerminal: the repairs table is at most 160 columns wide.
func TestRepairsFitTerminal(t *testing.T) {
	_, db := openSample(t)
	out, err := run(t, "repairs", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(out, "\n") {
		if w := displayWidth(l); w > 160 {
			t.Errorf("%d columns: %s", w, l)
		}
	}
}

// TestXLSXInLibreOffice (issue 17): an xlsx export of two views, converted
// to CSV by LibreOffice headless, gives the rows of the CSV export, text as
// text and numbers as the same numbers.
func TestXLSXInLibreOffice(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice is not installed: .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("soffice (LibreOffice) is not installed here; .ci/run installs it in CI")
	}
	_, db := openSample(t)
	dir := t.TempDir()
	queries := map[string]string{
		"reports":    "SELECT * FROM reports ORDER BY doc_id",
		"indicators": "SELECT * FROM indicators ORDER BY doc_id, line, occurrence",
	}
	xlsx, err := run(t, "query", "-db", db, "-format", "xlsx", queries["reports"], queries["indicators"])
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(book, []byte(xlsx), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, book)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, q := range queries {
		data, err := os.ReadFile(filepath.Join(dir, "book-"+name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		out, err := run(t, "query", "-db", db, "-format", "csv", "-bom=false", q)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
		if len(got) != len(want) || len(want) < 2 {
			t.Fatalf("%s: LibreOffice reads %d rows, the CSV has %d", name, len(got), len(want))
		}
		for r := range want {
			for c := range want[r] {
				if c >= len(got[r]) || !sameCell(got[r][c], want[r][c]) {
					t.Errorf("%s row %d column %s: LibreOffice %q, CSV %q", name, r, want[0][c], at(got[r], c), want[r][c])
				}
			}
		}
	}
}

func at(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return "<missing>"
}

// sameCell compares two CSV cells: equal text, or equal numbers.
func sameCell(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y))
}
