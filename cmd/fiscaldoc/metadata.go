package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

// Metadata is a Datasette metadata file (Datasette 0.65: table options
// such as facets and label_column live in it; Datasette 1.0 moves them to
// its configuration by itself when it loads the file).
type Metadata struct {
	Title       string                      `json:"title"`
	Description string                      `json:"description"`
	Source      string                      `json:"source,omitempty"`
	Databases   map[string]DatabaseMetadata `json:"databases"`
}

// DatabaseMetadata is the metadata of one database file.
type DatabaseMetadata struct {
	Tables map[string]TableMetadata `json:"tables"`
}

// TableMetadata is the metadata of one table or view.
type TableMetadata struct {
	Description string            `json:"description"`
	Columns     map[string]string `json:"columns,omitempty"`
	// LabelColumn labels the links to this table's rows from the tables
	// that refer to it.
	LabelColumn string `json:"label_column,omitempty"`
	// Facets are shown on the table's page by default.
	Facets []string `json:"facets,omitempty"`
}

// tableOptions are the Datasette options of some tables: documents are
// named by their file's base name, and the columns an analyst narrows by
// first are faceted.
var tableOptions = map[string]TableMetadata{
	"documents": {LabelColumn: "name", Facets: []string{"doc_type", "status", "fiscal_year"}},
	"facts":     {Facets: []string{"field", "year", "basis"}},
	"repairs":   {Facets: []string{"kind"}},
	"problems":  {Facets: []string{"kind"}},
}

// metadata prints the Datasette metadata of a database: the descriptions
// of its tables, views and columns, from the comments of the migrations.
func (m *Main) metadata(ctx context.Context, args []string) error {
	fs := m.flags("metadata")
	dbPath := fs.String("db", "fiscal.db", "SQLite database")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	md, err := datasetteMetadata(ctx, db, *dbPath)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(md)
}

// datasetteMetadata builds the metadata of the database db at path.
// Datasette names a database by its file name without the extension.
func datasetteMetadata(ctx context.Context, db *sql.DB, path string) (Metadata, error) {
	rels, err := schema.Describe()
	if err != nil {
		return Metadata{}, err
	}
	// A column named after a field (the headline figures of reports) is
	// described by the field dictionary.
	fields := map[string]string{}
	for _, f := range fiscaldoc.Fields {
		fields[f.Name] = f.Meaning
		if f.Unit != "" {
			fields[f.Name] += " (" + f.Unit + ")"
		}
	}
	tables := map[string]TableMetadata{}
	for _, r := range rels {
		t := tableOptions[r.Name]
		t.Description = r.Description
		for _, c := range r.Columns {
			if c.Description == "" {
				c.Description = fields[c.Name]
			}
			if c.Description == "" {
				continue
			}
			if t.Columns == nil {
				t.Columns = map[string]string{}
			}
			t.Columns[c.Name] = c.Description
		}
		tables[r.Name] = t
	}
	source, err := metadataSource(ctx, db)
	if err != nil {
		return Metadata{}, err
	}
	base := filepath.Base(path)
	return Metadata{
		Title: "fiscaldoc: fiscal reports of government departments",
		Description: "Facts extracted from the published fiscal reports of Chinese government departments " +
			"(部门预算 budgets, 部门决算 final accounts, 绩效自评 performance self-evaluations): one row per document, its facts " +
			"with the source lines they were read from, the accounting checks, OCR repairs and problems met, " +
			"and the full text. Money is exact: facts.value is the decimal in 万元, facts.fen the same in integer 分.",
		Source:    source,
		Databases: map[string]DatabaseMetadata{strings.TrimSuffix(base, filepath.Ext(base)): {Tables: tables}},
	}, nil
}

// metadataSource says where the rows came from: how many report files,
// read by which fiscaldoc; "" for a database with no documents.
func metadataSource(ctx context.Context, db *sql.DB) (string, error) {
	var n int
	var versions sql.NullString
	err := db.QueryRowContext(ctx, `SELECT count(*), group_concat(DISTINCT tool_version) FROM
		(SELECT tool_version FROM documents ORDER BY tool_version)`).Scan(&n, &versions)
	if err != nil || n == 0 {
		return "", err
	}
	files := "report files"
	if n == 1 {
		files = "report file"
	}
	return fmt.Sprintf("%d %s ingested by fiscaldoc %s", n, files, strings.ReplaceAll(versions.String, ",", ", ")), nil
}
