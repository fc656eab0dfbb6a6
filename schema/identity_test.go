package schema

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestMigrateMergesDuplicates: a database of schema version 2 that holds
// one file twice (ingested through two spellings of its path, issue 17)
// comes out of the migration with one document, the other path its alias,
// and every row of the kept document and of the distinct one intact.
func TestMigrateMergesDuplicates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	old, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:2] {
		if _, err := old.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	for _, q := range []string{
		`PRAGMA user_version = 2`,
		`INSERT INTO documents (id, path, name, sha256, bytes, status, ingested_at, tool_version) VALUES
			(1, 'c/a.txt', 'a.txt', 'aaa', 1, 'ok', '', 'v'),
			(2, '/abs/c/a.txt', 'a.txt', 'aaa', 1, 'ok', '', 'v'),
			(3, '/abs/d/a.txt', 'a.txt', 'bbb', 1, 'ok', '', 'v')`,
		`INSERT INTO facts (doc_id, seq, field, value, source) VALUES
			(1, 1, 'org', 'X', 'meta'), (2, 1, 'org', 'X', 'meta'), (3, 1, 'org', 'Y', 'meta')`,
		`INSERT INTO checks (doc_id, name, expected, actual, difference, ok) VALUES (2, 'c', '1', '2', '1', 0)`,
		`INSERT INTO doc_text (rowid, text, doc_id, line) VALUES (1000001, 'a', 1, 1), (2000001, 'a', 2, 1)`,
		// A view of another migration on the rebuilt table and a recreated
		// view survives (the legacy rename keeps its references).
		`CREATE VIEW other AS SELECT d.name, m.amount_text FROM documents d LEFT JOIN money m ON m.doc = d.name`,
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()

	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts := map[string]int{}
	for _, q := range []string{
		"SELECT count(*) FROM documents",
		"SELECT count(*) FROM facts",
		"SELECT count(*) FROM checks",
		"SELECT count(*) FROM doc_text",
		"SELECT count(*) FROM aliases WHERE path = '/abs/c/a.txt' AND doc_id = 1",
		"SELECT count(*) FROM documents WHERE id = 3 AND name = 'a.txt'",
		"SELECT count(*) FROM other",
	} {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		counts[q] = n
	}
	want := map[string]int{
		"SELECT count(*) FROM documents":                                          2,
		"SELECT count(*) FROM facts":                                              2,
		"SELECT count(*) FROM checks":                                             0,
		"SELECT count(*) FROM doc_text":                                           1,
		"SELECT count(*) FROM aliases WHERE path = '/abs/c/a.txt' AND doc_id = 1": 1,
		"SELECT count(*) FROM documents WHERE id = 3 AND name = 'a.txt'":          1,
		"SELECT count(*) FROM other":                                              2,
	}
	for q, n := range want {
		if counts[q] != n {
			t.Errorf("%s = %d, want %d", q, counts[q], n)
		}
	}
}
