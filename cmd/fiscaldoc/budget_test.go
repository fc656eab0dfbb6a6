package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/corpus/synth"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

// TestNoActualFromBudgets (issue 16): a 部门预算 never gives a planned
// figure as an actual, nor a table of it a 决算 table's name. Synthetic
// budgets in every shape and the budget tables written for the
// extractor's tests are ingested: every synthetic one is a dept_budget,
// and no fact of any of them has basis actual or a 决算 table.
func TestNoActualFromBudgets(t *testing.T) {
	dir := t.TempDir()
	for _, shape := range synth.Shapes {
		out := filepath.Join(dir, shape)
		if _, err := synth.WriteShape(out, 3, 16, shape, fiscaldoc.DeptBudget); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(out, "gold.jsonl")); err != nil {
			t.Fatal(err)
		}
	}
	cases, err := filepath.Glob(filepath.Join(testutil.Root(t), "extract", "testdata", "accounts", "budget_*", "input.txt"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no budget cases in extract/testdata/accounts: %v", err)
	}
	for _, c := range cases {
		text, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "testdata", filepath.Base(filepath.Dir(c))+".txt"), text)
	}
	dbPath := filepath.Join(t.TempDir(), "budgets.db")
	if out, err := run(t, "ingest", "-db", dbPath, dir); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	db, err := schema.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows := func(query string) []string {
		t.Helper()
		rs, err := db.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		var out []string
		for rs.Next() {
			var a, b string
			if err := rs.Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			out = append(out, a+": "+b)
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := rows(`SELECT name, coalesce(doc_type, '') FROM documents
		WHERE name LIKE 'syn%' AND coalesce(doc_type, '') <> 'dept_budget'`); len(got) > 0 {
		t.Errorf("synthetic budgets not read as dept_budget:\n%s", strings.Join(got, "\n"))
	}
	if n := len(rows(`SELECT name, '' FROM documents`)); n != 3*len(synth.Shapes)+len(cases) {
		t.Errorf("%d documents stored, want %d", n, 3*len(synth.Shapes)+len(cases))
	}
	if got := rows(`SELECT name, '' FROM documents d
		WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.doc_id = d.id AND f.basis = 'budget')`); len(got) > 0 {
		t.Errorf("budgets without a budget figure:\n%s", strings.Join(got, "\n"))
	}
	if got := rows(`SELECT d.name, f.field || ' ' || coalesce(f.tbl, '') || ' ' || coalesce(f.code, '') || ' ' || f.value
		FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.basis = 'actual' OR f.tbl LIKE '%决%'`); len(got) > 0 {
		t.Errorf("%d facts of budgets are actual or of a 决算 table:\n%s", len(got), strings.Join(got[:min(len(got), 20)], "\n"))
	}
}
