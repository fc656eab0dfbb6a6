package testutil

import (
	"database/sql"
	"testing"
)

// Strings returns the first column of a query's rows.
func Strings(tb testing.TB, db *sql.DB, query string, args ...any) []string {
	tb.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var vals []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			tb.Fatal(err)
		}
		vals = append(vals, v)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return vals
}

// Relations lists the tables and views of db by name, less SQLite's own
// and the shadow tables of virtual tables (doc_text_data, …).
func Relations(tb testing.TB, db *sql.DB) []string {
	tb.Helper()
	return Strings(tb, db, `SELECT name FROM sqlite_master m
		WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND NOT EXISTS (SELECT 1 FROM sqlite_master v
			WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND m.name LIKE v.name || '\_%' ESCAPE '\')
		ORDER BY name`)
}

// Columns lists the columns of a table or view, in order.
func Columns(tb testing.TB, db *sql.DB, name string) []string {
	tb.Helper()
	return Strings(tb, db, "SELECT name FROM pragma_table_info(?)", name)
}
