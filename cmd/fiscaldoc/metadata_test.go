package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

var updateMetadata = flag.Bool("update-metadata", false, "rewrite testdata/metadata.json")

// freshDB opens a freshly migrated, empty database named fiscal.db.
func freshDB(t *testing.T) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fiscal.db")
	db, err := schema.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// metadataOf runs the metadata command on the database at path.
func metadataOf(t *testing.T, path string) Metadata {
	t.Helper()
	out, err := run(t, "metadata", "-db", path)
	if err != nil {
		t.Fatal(err)
	}
	var md Metadata
	if err := json.Unmarshal([]byte(out), &md); err != nil {
		t.Fatal(err)
	}
	return md
}

// TestMetadataGolden: the metadata of an empty database is
// testdata/metadata.json (go test ./cmd/fiscaldoc -run MetadataGolden
// -update-metadata rewrites it).
func TestMetadataGolden(t *testing.T) {
	_, path := freshDB(t)
	out, err := run(t, "metadata", "-db", path)
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
	db, path := freshDB(t)
	md := metadataOf(t, path)
	if md.Title == "" || md.Description == "" || len(md.Databases) != 1 {
		t.Fatalf("metadata: title %q, description %q, %d databases", md.Title, md.Description, len(md.Databases))
	}
	tables := md.Databases["fiscal"].Tables
	if tables == nil {
		t.Fatalf("no database named fiscal: %v", md.Databases)
	}
	rels := testutil.Relations(t, db)
	if len(rels) < 10 {
		t.Fatalf("only %d tables and views: %v", len(rels), rels)
	}
	for _, name := range rels {
		tm, ok := tables[name]
		if !ok || tm.Description == "" {
			t.Errorf("%s: no description", name)
		}
		cols := testutil.Columns(t, db, name)
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
	db, path := freshDB(t)
	for i, v := range []string{"1.0+rules.2", "1.0+rules.1", "1.0+rules.2"} {
		if _, err := db.Exec(`INSERT INTO documents (path, name, sha256, bytes, status, ingested_at, tool_version)
			VALUES (?, 'a', 'x', 0, 'ok', '', ?)`, strings.Repeat("p", i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	if md, want := metadataOf(t, path), "3 report files ingested by fiscaldoc 1.0+rules.1, 1.0+rules.2"; md.Source != want {
		t.Errorf("source %q, want %q", md.Source, want)
	}
}
