package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/fiscaldoc/fiscaldoc/corpus"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/fiscaldoc/fiscaldoc/normalize/place"
)

// tables prints the tables read from each file, as the extractors see them
// (read, normalised and repaired as ingest does):
// the shape they were read in, their lines, title and unit, and the grid,
// so a misread shape can be told from a misread value.
func (m *Main) tables(ctx context.Context, args []string) error {
	fs := m.flags("tables")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: tables needs a FILE", ErrUsage)
	}
	for _, path := range fs.Args() {
		doc := corpus.Read(ctx, path, corpus.Limits{})
		if doc.Err != nil {
			return doc.Err
		}
		normalize.Document(doc)
		place.RepairDocument(doc)
		layout.Read(doc)
		fmt.Fprintf(m.Stdout, "%s: %d tables\n", path, len(doc.Tables))
		for _, t := range doc.Tables {
			where := fmt.Sprintf("lines %d-%d", t.First, t.Last)
			if t.Page > 0 {
				where = fmt.Sprintf("page %d, %s", t.Page, where)
			}
			fmt.Fprintf(m.Stdout, "\n%s, %d rows × %d columns: ", where, len(t.Rows), t.Cols())
			fmt.Fprint(m.Stdout, strings.TrimPrefix(t.String(), "table "))
		}
	}
	return nil
}
