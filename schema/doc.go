// Package schema is fiscaldoc's SQLite database: Open applies the embedded,
// numbered migrations (migrations/NNNN_name.sql) above PRAGMA user_version,
// each in its own transaction, with WAL and foreign keys on; a Store writes
// one Document per transaction and reads facts, checks and repairs back.
//
// The database is the product; the migrations document every table and
// view in the comment before its CREATE and most columns in a comment at
// the end of their line, and Describe reads those comments back (for
// Datasette's metadata, say). Build with the sqlite_fts5 tag: the text
// index is FTS5.
package schema
