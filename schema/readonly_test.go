package schema

import (
	"errors"
	"testing"
)

func TestCheckReadOnly(t *testing.T) {
	tests := []struct {
		sql  string
		want error
	}{
		{"SELECT 1", nil},
		{"  -- a comment\n select * from facts; ", nil},
		{"WITH x AS (SELECT 1) SELECT * FROM x", nil},
		{"EXPLAIN QUERY PLAN SELECT 1", nil},
		{"PRAGMA user_version", nil},
		{"PRAGMA main.table_info(facts)", nil},
		{"SELECT 'ATTACH' AS word", nil},
		{"SELECT * FROM pragma_table_info('facts')", nil},
		{"", ErrNoStatement},
		{" ;; -- nothing\n", ErrNoStatement},
		{"ATTACH 'x.db' AS x", ErrNotReadOnly},
		{"attach database 'x.db' as x", ErrNotReadOnly},
		{"SELECT 1; ATTACH 'x.db' AS x", ErrNotReadOnly},
		{"VACUUM INTO '/tmp/copy.db'", ErrNotReadOnly},
		{"PRAGMA user_version = 9", ErrNotReadOnly},
		{"PRAGMA journal_mode(delete)", ErrNotReadOnly},
		{"DELETE FROM documents", ErrNotReadOnly},
		{"CREATE TABLE t (a)", ErrNotReadOnly},
		{"\"quoted\"", ErrNotReadOnly},
	}
	for _, tt := range tests {
		if err := CheckReadOnly(tt.sql); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("CheckReadOnly(%q) = %v, want %v", tt.sql, err, tt.want)
		}
	}
}
