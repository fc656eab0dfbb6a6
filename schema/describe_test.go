package schema

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
)

func TestDescribeParse(t *testing.T) {
	tests := []struct {
		name string
		in   []string // one script per migration
		want []Relation
	}{{
		name: "table",
		in: []string{`-- Schema header, not a table's.

-- One row per thing,
--
-- described over lines.
CREATE TABLE things (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL,  -- as printed
	"odd; name" TEXT,    -- quoted, with a ";"
	kind TEXT CHECK (kind IN ('a', 'b;c')), -- a or b;c
	UNIQUE (name, kind)  -- a constraint, not a column
);`},
		want: []Relation{{Name: "things", Kind: KindTable, Description: "One row per thing, described over lines.",
			Columns: []Column{{"id", ""}, {"name", "as printed"}, {"odd; name", "quoted, with a \";\""}, {"kind", "a or b;c"}}}},
	}, {
		name: "blank line parts comment from CREATE",
		in:   []string{"-- Section.\n\nCREATE TABLE t (a);\n-- Trailing after ;\nCREATE TABLE IF NOT EXISTS main.u (b) -- not a column's\n;"},
		want: []Relation{{Name: "t", Kind: KindTable, Columns: []Column{{"a", ""}}},
			{Name: "u", Kind: KindTable, Description: "Trailing after ;", Columns: []Column{{"b", "not a column's"}}}},
	}, {
		name: "fts5 options are not columns",
		in:   []string{"-- Text.\nCREATE VIRTUAL TABLE x USING fts5 (\n\ttext, -- words\n\tdoc_id UNINDEXED,\n\ttokenize = 'unicode61'\n);"},
		want: []Relation{{Name: "x", Kind: KindVirtual, Description: "Text.", Columns: []Column{{"text", "words"}, {"doc_id", ""}}}},
	}, {
		name: "view columns keep a same-named column's description",
		in: []string{"CREATE TABLE d (id, name -- doc name\n);\nCREATE TABLE f (id, doc_id, v, -- value\n\tw -- weight\n);",
			`-- Facts with their document.
CREATE VIEW fv AS
WITH c AS (SELECT v FROM f, d)
SELECT ff.id, dd.name AS doc, ff.v, w, ff.v AS value, ff.v * 2 AS twice, count(*), name,
	(SELECT max(v) FROM f) AS top
FROM f ff LEFT JOIN d AS dd ON dd.id = ff.doc_id
WHERE ff.v > 0;`},
		want: []Relation{
			{Name: "d", Kind: KindTable, Columns: []Column{{"id", ""}, {"name", "doc name"}}},
			{Name: "f", Kind: KindTable, Columns: []Column{{"id", ""}, {"doc_id", ""}, {"v", "value"}, {"w", "weight"}}},
			{Name: "fv", Kind: KindView, Description: "Facts with their document.", Columns: []Column{
				{"id", ""}, {"doc", ""}, {"v", "value"}, {"w", "weight"}, {"value", ""}, {"twice", ""}, {"name", "doc name"}, {"top", ""}}},
		},
	}, {
		name: "view with a column list",
		in:   []string{"CREATE TABLE t (a -- x\n);\nCREATE VIEW v (b, c) AS SELECT a, a FROM t;"},
		want: []Relation{{Name: "t", Kind: KindTable, Columns: []Column{{"a", "x"}}},
			{Name: "v", Kind: KindView, Columns: []Column{{"b", ""}, {"c", ""}}}},
	}, {
		name: "later migrations alter and drop",
		in: []string{"-- T.\nCREATE TABLE t (a, b);\nCREATE TABLE gone (x);\nCREATE VIEW old AS SELECT 1 AS one;",
			`-- Version 2: an index's comment describes nothing.
CREATE INDEX t_a ON t (a);
-- Nor does an ALTER's.
ALTER TABLE t ADD COLUMN c TEXT; -- not c's: after the ";"
ALTER TABLE t ADD d INTEGER -- the d
;
ALTER TABLE t DROP COLUMN a;
ALTER TABLE t RENAME COLUMN b TO bb;
ALTER TABLE t RENAME TO tt;
DROP TABLE IF EXISTS gone;
DROP VIEW old;
/* a block comment; with a ";" */
-- V, again.
CREATE VIEW old AS SELECT bb FROM tt UNION SELECT 2;`},
		want: []Relation{{Name: "tt", Kind: KindTable, Description: "T.", Columns: []Column{{"bb", ""}, {"c", ""}, {"d", "the d"}}},
			{Name: "old", Kind: KindView, Description: "V, again.", Columns: []Column{{"bb", ""}}}},
	}, {
		name: "unfinished input",
		in:   []string{"-- T.\nCREATE TABLE t (a, -- x", "CREATE VIEW v AS SELECT 'open", "CREATE TABLE [u", "/* open"},
		want: []Relation{{Name: "t", Kind: KindTable, Description: "T.", Columns: []Column{{"a", "x"}}},
			{Name: "v", Kind: KindView}, {Name: "u", Kind: KindTable}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(tt.in...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("describe:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// FuzzDescribe: any script is read without a panic, into relations and
// columns that have names, relations of a known kind with a one-line
// description.
func FuzzDescribe(f *testing.F) {
	ms, err := loadMigrations()
	if err != nil {
		f.Fatal(err)
	}
	for _, m := range ms {
		f.Add(m.sql)
	}
	f.Add("CREATE VIEW v AS WITH x AS (SELECT 1) SELECT a.b AS c FROM x a JOIN y ON (1;")
	f.Add("ALTER TABLE t RENAME COLUMN a TO")
	f.Fuzz(func(t *testing.T, src string) {
		for _, r := range describe(src) {
			if r.Name == "" || !slices.Contains([]string{KindTable, KindView, KindVirtual}, r.Kind) {
				t.Errorf("relation %+v", r)
			}
			if strings.Contains(r.Description, "\n") {
				t.Errorf("description %q spans lines", r.Description)
			}
			for _, c := range r.Columns {
				if c.Name == "" {
					t.Errorf("relation %s: a column without a name", r.Name)
				}
			}
		}
	})
}

// TestDescribeSchema: every table and view of a fresh database is
// described, and every column described is one it has. A migration that
// adds a table without a comment before its CREATE fails here.
func TestDescribeSchema(t *testing.T) {
	db, _ := open(t)
	rels, err := Describe()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Relation{}
	for _, r := range rels {
		byName[r.Name] = r
	}
	names := testutil.Relations(t, db)
	if len(names) == 0 {
		t.Fatal("no tables")
	}
	for _, name := range names {
		r, ok := byName[name]
		if !ok {
			t.Errorf("%s: not described", name)
			continue
		}
		delete(byName, name)
		if r.Description == "" {
			t.Errorf("%s: no comment before its CREATE", name)
		}
		cols := testutil.Columns(t, db, name)
		var got []string
		for _, c := range r.Columns {
			got = append(got, c.Name)
		}
		if r.Kind != KindView && !slices.Equal(got, cols) {
			t.Errorf("%s: columns %v, want %v", name, got, cols)
		}
		for _, c := range got {
			if !slices.Contains(cols, c) {
				t.Errorf("%s: described column %s is not in %v", name, c, cols)
			}
		}
	}
	for name := range byName {
		t.Errorf("%s: described but not in the database", name)
	}
}
