package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/shopspring/decimal"
)

func open(t *testing.T) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// openStore opens a fresh database and its store, both closed at cleanup.
func openStore(t *testing.T) (*sql.DB, *Store) {
	t.Helper()
	db, _ := open(t)
	st, err := NewStore(context.Background(), db, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return db, st
}

func TestOpenMigrates(t *testing.T) {
	db, path := open(t)
	var v int
	var mode string
	db.QueryRow("PRAGMA user_version").Scan(&v)
	db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if v != Version() || v == 0 || mode != "wal" {
		t.Errorf("user_version %d (want %d), journal_mode %q", v, Version(), mode)
	}
	db.Close()
	// Reopening applies nothing and keeps the version.
	db2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
}

func TestOpenRefusesNewer(t *testing.T) {
	db, path := open(t)
	if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := Open(context.Background(), path)
	if !errors.Is(err, ErrNewerSchema) {
		t.Errorf("err = %v, want ErrNewerSchema", err)
	}
}

func money(field, value string) fiscaldoc.Fact {
	d := decimal.RequireFromString(value)
	return fiscaldoc.Fact{Field: field, Value: value, Unit: "万元", Num: decimal.NullDecimal{Decimal: d, Valid: true},
		Source: fiscaldoc.FromTable, Line: 3, EndLine: 3, Raw: value}
}

// TestLoadReplaces: loading a path again replaces every row of the old
// document, and money keeps its exact value and its sum in 分.
func TestLoadReplaces(t *testing.T) {
	db, st := openStore(t)
	ctx := context.Background()
	doc := &fiscaldoc.Document{
		Path: "/r/a.txt", Name: "a.txt", SHA256: "x",
		Lines:  []fiscaldoc.Line{{N: 1, Raw: "医疗救助"}, {N: 2}},
		Tokens: []string{"医疗 救助", ""},
		Facts:  []fiscaldoc.Fact{money("income_total", "1085.68"), money("expenditure_total", "0.000001")},
		Checks: []fiscaldoc.Check{{Name: "c", Expected: decimal.NewFromInt(2), Actual: decimal.NewFromInt(3)}},
	}
	for range 2 {
		if err := st.Load(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	counts := map[string]int{}
	for _, table := range []string{"documents", "facts", "checks", "doc_text"} {
		var n int
		db.QueryRow("SELECT count(*) FROM " + table).Scan(&n)
		counts[table] = n
	}
	if counts["documents"] != 1 || counts["facts"] != 2 || counts["checks"] != 1 || counts["doc_text"] != 1 {
		t.Errorf("after loading twice: %v", counts)
	}
	var sum int64
	var diff string
	db.QueryRow("SELECT sum(fen) FROM facts").Scan(&sum)
	db.QueryRow("SELECT difference FROM failed_checks").Scan(&diff)
	if sum != 1085680001 || diff != "1" {
		t.Errorf("sum(fen) = %d, want 1085680001; failed check difference %q, want 1", sum, diff)
	}
	facts, err := Facts(ctx, db)
	if err != nil || len(facts) != 2 || facts[0].Value != "1085.68" || facts[0].Doc != "a.txt" {
		t.Errorf("Facts = %+v, %v", facts, err)
	}
}

// TestMigratePastVersions opens a copy of a database made by each past
// schema version (testdata/vN.db, each holding one ingested report) and
// checks that it is migrated in place with its rows kept.
func TestMigratePastVersions(t *testing.T) {
	fixtures, err := filepath.Glob("testdata/v*.db")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range fixtures {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "old.db")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			db, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var v, docs, facts int
			db.QueryRow("PRAGMA user_version").Scan(&v)
			db.QueryRow("SELECT count(*) FROM documents").Scan(&docs)
			db.QueryRow("SELECT count(*) FROM facts").Scan(&facts)
			if v != Version() || docs != 1 || facts == 0 {
				t.Errorf("after migration: version %d (want %d), %d documents, %d facts", v, Version(), docs, facts)
			}
		})
	}
}

// TestLoadStrings: every string and number comes back from the database
// as it was loaded, byte for byte and with its type (text stays text even
// when it reads as a number).
func TestLoadStrings(t *testing.T) {
	db, st := openStore(t)
	ctx := context.Background()
	strs := []string{"370.60", "1e5", "-0", "007", "null", "true", `"`, `\`, `\u0041`, "a\x00b", "\t\n\r\x01\x1f\x7f",
		"\xff\xfe invalid", "\u2028\u2029", "😀 医疗 救助", "[1,2]", "'", " lead and trail "}
	doc := &fiscaldoc.Document{Path: "/r/s.txt", Name: "s.txt", SHA256: "x"}
	for i, s := range strs {
		doc.Lines = append(doc.Lines, fiscaldoc.Line{N: i + 1})
		doc.Tokens = append(doc.Tokens, s)
		doc.Facts = append(doc.Facts, fiscaldoc.Fact{Field: s, Value: s, Raw: s, Source: fiscaldoc.FromProse, Year: i, Line: i + 1})
		doc.Repairs = append(doc.Repairs, fiscaldoc.Repair{Kind: s, Raw: s, Repaired: s})
		doc.Problems = append(doc.Problems, fiscaldoc.Problem{Kind: s, Msg: s})
		doc.Codes = append(doc.Codes, fiscaldoc.CodeName{Code: s, Name: s})
		doc.Checks = append(doc.Checks, fiscaldoc.Check{Name: s, Detail: s, OK: i%2 == 0})
	}
	if err := st.Load(ctx, doc); err != nil {
		t.Fatal(err)
	}
	queries := []string{
		"SELECT field, typeof(field) FROM facts ORDER BY seq",
		"SELECT value, typeof(value) FROM facts ORDER BY seq",
		"SELECT raw, typeof(raw) FROM facts ORDER BY seq",
		"SELECT kind, typeof(raw) FROM repairs ORDER BY id",
		"SELECT message, typeof(kind) FROM problems ORDER BY id",
		"SELECT name, typeof(code) FROM code_names ORDER BY rowid",
		"SELECT detail, typeof(name) FROM checks ORDER BY id",
		"SELECT text, typeof(text) FROM doc_text ORDER BY rowid",
	}
	for _, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var s, typ string
			if err := rows.Scan(&s, &typ); err != nil {
				t.Fatal(err)
			}
			if typ != "text" {
				t.Errorf("%s: %q has type %s", q, s, typ)
			}
			got = append(got, s)
		}
		rows.Close()
		if len(got) != len(strs) {
			t.Fatalf("%s: %d rows, want %d", q, len(got), len(strs))
		}
		for i := range got {
			if got[i] != strs[i] {
				t.Errorf("%s: row %d = %q, want %q", q, i+1, got[i], strs[i])
			}
		}
	}
	var years, lines, nullYears, oks int
	db.QueryRow("SELECT count(year), sum(typeof(line_first) = 'integer'), sum(year IS NULL) FROM facts").Scan(&years, &lines, &nullYears)
	db.QueryRow("SELECT sum(ok) FROM checks WHERE typeof(ok) = 'integer'").Scan(&oks)
	if years != len(strs)-1 || nullYears != 1 || lines != len(strs) || oks != (len(strs)+1)/2 {
		t.Errorf("years %d, NULL years %d, integer lines %d, ok checks %d", years, nullYears, lines, oks)
	}
}

// TestLoadCancelled: a load under a cancelled context stores nothing (the
// rows are written without the context's cancellation; the transaction is
// not).
func TestLoadCancelled(t *testing.T) {
	db, _ := open(t)
	st, err := NewStore(context.Background(), db, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	doc := &fiscaldoc.Document{Path: "/r/c.txt", Name: "c.txt", SHA256: "x", Facts: []fiscaldoc.Fact{money("income_total", "1")}}
	if err := st.Load(ctx, doc); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	var n int
	db.QueryRow("SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM facts)").Scan(&n)
	if n != 0 {
		t.Errorf("%d rows stored by a cancelled load", n)
	}
}

// TestBudgetVsActual: the view pairs a department's 部门预算 figure with
// its 部门决算 figure of the same year and key across documents, a 预算
// table with its 决算 table, and leaves unpaired figures out.
func TestBudgetVsActual(t *testing.T) {
	db, st := openStore(t)
	ctx := context.Background()
	fact := func(f fiscaldoc.Fact, year int, basis, tbl, code, col string) fiscaldoc.Fact {
		f.Year, f.Basis, f.Table, f.Code, f.Col = year, basis, tbl, code, col
		return f
	}
	meta := fiscaldoc.Meta{Org: "某县农业农村局", RegionCode: "420107", FiscalYear: 2024}
	docs := []*fiscaldoc.Document{
		{Path: "/r/b.txt", Name: "b.txt", SHA256: "b", Meta: meta, Facts: []fiscaldoc.Fact{
			fact(money("expenditure_project", "400"), 2024, fiscaldoc.Budget, "", "", ""),
			fact(money("line_item", "250"), 2024, fiscaldoc.Budget, "一般公共预算支出表", "2130153", "项目支出"),
			fact(money("income_total", "650"), 2024, fiscaldoc.Budget, "", "", ""),
		}},
		{Path: "/r/a.txt", Name: "a.txt", SHA256: "a", Meta: meta, Facts: []fiscaldoc.Fact{
			fact(money("expenditure_project", "300"), 2024, fiscaldoc.Actual, "", "", ""),
			fact(money("line_item", "250"), 2024, fiscaldoc.Actual, "一般公共预算财政拨款支出决算表", "2130153", "项目支出"),
			fact(money("income_total", "600"), 2023, fiscaldoc.Actual, "", "", ""),
		}},
		// A later budget document (a revised 部门预算) replaces the
		// first one's figure for the same key.
		{Path: "/r/b2.txt", Name: "b2.txt", SHA256: "b2", Meta: meta, Facts: []fiscaldoc.Fact{
			fact(money("expenditure_project", "500"), 2024, fiscaldoc.Budget, "", "", ""),
		}},
	}
	for _, d := range docs {
		if err := st.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Query(`SELECT field, coalesce(tbl, ''), budget, actual, difference_wan, execution_rate
		FROM budget_vs_actual ORDER BY field`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var field, tbl, budget, actual string
		var diff, rate float64
		if err := rows.Scan(&field, &tbl, &budget, &actual, &diff, &rate); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %s/%s %g %g", field, tbl, actual, budget, diff, rate))
	}
	want := []string{
		"expenditure_project  300/500 -200 60",
		"line_item 一般公共预算支出表 250/250 0 100",
	}
	if !slices.Equal(got, want) {
		t.Errorf("budget_vs_actual:\n got %q\nwant %q", got, want)
	}
	// A question about one field reads that field's facts from the index,
	// on both sides, not every fact of the database.
	steps, err := db.Query(`EXPLAIN QUERY PLAN SELECT org, year, execution_rate
		FROM budget_vs_actual WHERE field = 'expenditure_project' AND execution_rate < 80`)
	if err != nil {
		t.Fatal(err)
	}
	defer steps.Close()
	var plan string
	for steps.Next() {
		var id, parent, unused int
		var detail string
		if err := steps.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	if strings.Count(plan, "USING INDEX facts_field (field=?)") != 2 || strings.Contains(plan, "SCAN f") {
		t.Errorf("budget_vs_actual by field does not read from the index:\n%s", plan)
	}
}

// TestLoadTables: a document's tables and cells come back as read, and a
// document loaded again (with one table fewer) keeps only its new ones.
func TestLoadTables(t *testing.T) {
	db, st := openStore(t)
	ctx := context.Background()
	doc := &fiscaldoc.Document{
		Path: "/r/t.txt", Name: "t.txt", SHA256: "x",
		Lines: []fiscaldoc.Line{{N: 1, Raw: "收入支出决算总表"}, {N: 2, Raw: "项目\t金额"}, {N: 3, Raw: "一般公共预算\t12.50"}, {N: 4, Raw: "x"}},
		Tables: []fiscaldoc.Table{
			{Title: "收入支出决算总表", TitleLine: 1, Unit: "单位:万元", Shape: fiscaldoc.ShapeTab, First: 2, Last: 3,
				Rows: [][]fiscaldoc.Cell{
					{{Text: "项目", Row: 0, Col: 0, RowSpan: 1, ColSpan: 1, First: 2, Last: 2}, {Text: "金额", Row: 0, Col: 1, First: 2, Last: 2}},
					{{Text: "一般公共预算", Row: 1, Col: 0, First: 3, Last: 3}, {Text: "12.50", Row: 1, Col: 1, ColSpan: 2, First: 3, Last: 3}},
				}},
			{Shape: fiscaldoc.ShapeFlat, Stream: true, First: 4, Last: 4, Page: 2,
				Rows: [][]fiscaldoc.Cell{{{Text: "x", First: 4, Last: 4}}}},
		},
	}
	count := func() (tables, cells int) {
		db.QueryRow("SELECT count(*) FROM doc_tables").Scan(&tables)
		db.QueryRow("SELECT count(*) FROM table_cells").Scan(&cells)
		return
	}
	if err := st.Load(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if tb, c := count(); tb != 2 || c != 5 {
		t.Errorf("tables, cells = %d, %d; want 2, 5", tb, c)
	}
	var shape, title, unit string
	var stream, first, last int
	if err := db.QueryRow("SELECT shape, stream, title, unit, line_first, line_last FROM doc_tables WHERE n = 1").
		Scan(&shape, &stream, &title, &unit, &first, &last); err != nil {
		t.Fatal(err)
	}
	if shape != "tab" || stream != 0 || title != "收入支出决算总表" || unit != "单位:万元" || first != 2 || last != 3 {
		t.Errorf("table 1 = %s %d %s %s %d-%d", shape, stream, title, unit, first, last)
	}
	var text string
	var rowSpan, colSpan int
	if err := db.QueryRow("SELECT text, row_span, col_span, line_first, line_last FROM table_cells WHERE tbl_n = 1 AND row = 1 AND col = 1").
		Scan(&text, &rowSpan, &colSpan, &first, &last); err != nil {
		t.Fatal(err)
	}
	if text != "12.50" || rowSpan != 1 || colSpan != 2 || first != 3 || last != 3 {
		t.Errorf("cell 1,1 = %q span %dx%d lines %d-%d", text, rowSpan, colSpan, first, last)
	}
	var page int
	db.QueryRow("SELECT stream, page FROM doc_tables WHERE n = 2").Scan(&stream, &page)
	if stream != 1 || page != 2 {
		t.Errorf("table 2: stream %d page %d, want 1 2", stream, page)
	}

	doc.Tables = doc.Tables[:1]
	if err := st.Load(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if tb, c := count(); tb != 1 || c != 4 {
		t.Errorf("loaded again: tables, cells = %d, %d; want 1, 4", tb, c)
	}
}
