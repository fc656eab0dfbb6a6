package main

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/schema"
)

var updateMetadata = flag.Bool("update-metadata", false, "rewrite testdata/metadata.json")

// freshDB returns the path of a freshly migrated, empty database named
// fiscal.db.
func freshDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fiscal.db")
	db, err := schema.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// TestMetadataGolden: the metadata of an empty database is
// testdata/metadata.json (go test ./cmd/fiscaldoc -run MetadataGolden
// -update-metadata rewrites it).
func TestMetadataGolden(t *testing.T) {
	out, err := run(t, "metadata", "-db", freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "metadata.json")
	if *updateMetadata {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("metadata differs from %s (run with -update-metadata after a deliberate change):\n%s", golden, out)
	}
}

// TestMetadataCoversSchema: every table and view of a fresh database has
// a description in the metadata, and every column the metadata names
// (described, label or facet) is one the table or view has.
func TestMetadataCoversSchema(t *testing.T) {
	path := freshDB(t)
	out, err := run(t, "metadata", "-db", path)
	if err != nil {
		t.Fatal(err)
	}
	var md Metadata
	if err := json.Unmarshal([]byte(out), &md); err != nil {
		t.Fatal(err)
	}
	if md.Title == "" || md.Description == "" || len(md.Databases) != 1 {
		t.Fatalf("metadata: title %q, description %q, %d databases", md.Title, md.Description, len(md.Databases))
	}
	tables := md.Databases["fiscal"].Tables
	if tables == nil {
		t.Fatalf("no database named fiscal: %v", md.Databases)
	}
	rels := queryColumn(t, path, `SELECT name FROM sqlite_master m WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND m.name LIKE v.name || '\_%' ESCAPE '\')`)
	if len(rels) < 10 {
		t.Fatalf("only %d tables and views: %v", len(rels), rels)
	}
	for _, name := range rels {
		tm, ok := tables[name]
		if !ok || tm.Description == "" {
			t.Errorf("%s: no description", name)
		}
		cols := queryColumn(t, path, "SELECT name FROM pragma_table_info(?)", name)
		named := slices.Concat(tm.Facets, []string{tm.LabelColumn})
		for c := range tm.Columns {
			named = append(named, c)
		}
		for _, c := range named {
			if c != "" && !slices.Contains(cols, c) {
				t.Errorf("%s: metadata names column %s, not in %v", name, c, cols)
			}
		}
		delete(tables, name)
	}
	for name := range tables {
		t.Errorf("%s: in the metadata, not in the database", name)
	}
}

// TestMetadataSource: the source names the number of documents and the
// versions of fiscaldoc that read them.
func TestMetadataSource(t *testing.T) {
	path := freshDB(t)
	db, err := schema.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []string{"1.0+rules.2", "1.0+rules.1", "1.0+rules.2"} {
		if _, err := db.Exec(`INSERT INTO documents (path, name, sha256, bytes, status, ingested_at, tool_version)
			VALUES (?, 'a', 'x', 0, 'ok', '', ?)`, strings.Repeat("p", i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	out, err := run(t, "metadata", "-db", path)
	if err != nil {
		t.Fatal(err)
	}
	var md Metadata
	if err := json.Unmarshal([]byte(out), &md); err != nil {
		t.Fatal(err)
	}
	if want := "3 report files ingested by fiscaldoc 1.0+rules.1, 1.0+rules.2"; md.Source != want {
		t.Errorf("source %q, want %q", md.Source, want)
	}
}

// queryColumn returns the first column of a query's rows.
func queryColumn(t *testing.T, path, query string, args ...any) []string {
	t.Helper()
	db, err := schema.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var vals []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vals = append(vals, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return vals
}
