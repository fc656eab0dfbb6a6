package schema

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/FACTS.md from fiscaldoc.Fields")

// TestFactsMarkdown: docs/FACTS.md is what FactsMarkdown makes of
// fiscaldoc.Fields (go test ./schema -run TestFactsMarkdown -update after
// changing the vocabulary).
func TestFactsMarkdown(t *testing.T) {
	path := filepath.Join("..", "docs", "FACTS.md")
	want := FactsMarkdown()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s differs from fiscaldoc.Fields: run go test ./schema -run TestFactsMarkdown -update", path)
	}
}

// TestFieldsTable: a fresh database's fields table holds every field, and
// opening it again writes nothing.
func TestFieldsTable(t *testing.T) {
	db, _ := open(t)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM fields WHERE meaning <> '' AND source <> ''`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var want int
	db.QueryRow(`SELECT count(DISTINCT name) FROM fields`).Scan(&want)
	if n == 0 || n != want {
		t.Errorf("fields: %d described of %d", n, want)
	}
	db.SetMaxOpenConns(1) // total_changes() is the connection's
	var before, after int
	db.QueryRow(`SELECT total_changes()`).Scan(&before)
	if err := syncFields(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	db.QueryRow(`SELECT total_changes()`).Scan(&after)
	if after != before {
		t.Errorf("a second sync wrote %d rows", after-before)
	}
}
