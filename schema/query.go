package schema

import (
	"context"
	"database/sql"

	"github.com/fiscaldoc/fiscaldoc/internal/gold"
)

// Facts returns every fact in the flat form, ordered by document name,
// path and the fact's position in its document: the same database always
// lists the same bytes.
func Facts(ctx context.Context, db *sql.DB) ([]gold.Fact, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT d.name, f.field, coalesce(f.project, ''), coalesce(f.indicator, ''), coalesce(f.tbl, ''),
			coalesce(f.code, ''), coalesce(f.col, ''), coalesce(f.year, 0), coalesce(f.basis, ''), f.value,
			coalesce(f.unit, '')
		FROM facts f JOIN documents d ON d.id = f.doc_id
		ORDER BY d.name, d.path, f.seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gold.Fact
	for rows.Next() {
		var f gold.Fact
		if err := rows.Scan(&f.Doc, &f.Field, &f.Project, &f.Indicator, &f.Table, &f.Code, &f.Col,
			&f.Year, &f.Basis, &f.Value, &f.Unit); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// A CheckRow is a stored check with its document.
type CheckRow struct {
	Doc, Name, Expected, Actual, Difference, Detail string
	Line                                            int
	OK                                              bool
}

// Checks returns the stored checks, only the failed ones when failedOnly.
func Checks(ctx context.Context, db *sql.DB, failedOnly bool) ([]CheckRow, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT d.name, c.name, c.expected, c.actual, c.difference, coalesce(c.detail, ''), coalesce(c.line, 0), c.ok
		FROM checks c JOIN documents d ON d.id = c.doc_id
		WHERE c.ok = 0 OR NOT ?
		ORDER BY d.name, d.path, c.id`, failedOnly)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CheckRow
	for rows.Next() {
		var c CheckRow
		if err := rows.Scan(&c.Doc, &c.Name, &c.Expected, &c.Actual, &c.Difference, &c.Detail, &c.Line, &c.OK); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// A RepairRow is a stored repair with its document.
type RepairRow struct {
	Doc, Kind, Raw, Repaired, Evidence string
	Line                               int
}

// Repairs returns the stored repairs in document and line order.
func Repairs(ctx context.Context, db *sql.DB) ([]RepairRow, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT d.name, r.kind, r.raw, r.repaired, coalesce(r.evidence, ''), coalesce(r.line, 0)
		FROM repairs r JOIN documents d ON d.id = r.doc_id
		ORDER BY d.name, d.path, r.line, r.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RepairRow
	for rows.Next() {
		var r RepairRow
		if err := rows.Scan(&r.Doc, &r.Kind, &r.Raw, &r.Repaired, &r.Evidence, &r.Line); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
