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
