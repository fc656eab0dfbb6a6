package schema

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
)

// factsIntro is the part of docs/FACTS.md before the field vocabulary.
const factsIntro = `<!-- Generated from fiscaldoc.Fields by schema.FactsMarkdown: edit fields.go and run
go test ./schema -run TestFactsMarkdown -update -->
# Facts: the flat, checkable form of what the pipeline extracts

The SQLite schema is the product; facts are its flat, long-format face. Every figure
the pipeline stores can be listed as facts, one JSON object per line, and the same
format is used by the hand-checked gold files in ` + "`" + `golden/` + "`" + `. Comparing the two is how
extraction quality is measured.

## Keys of a fact

| key | always | meaning |
|---|---|---|
| ` + "`" + `doc` + "`" + ` | yes | base name of the source file, e.g. ` + "`" + `003_0fd55ab06607cada.txt` + "`" + ` |
| ` + "`" + `field` + "`" + ` | yes | one name from the vocabulary below |
| ` + "`" + `value` + "`" + ` | yes | a string. Numbers are plain decimals: no thousands separators, no spaces, ` + "`" + `.` + "`" + ` as the point (` + "`" + `1085.68` + "`" + `). Compare numbers by decimal value, so ` + "`" + `370.60` + "`" + ` equals ` + "`" + `370.6` + "`" + `. Text values are compared after NFKC and removing all white space. |
| ` + "`" + `unit` + "`" + ` | for numbers | ` + "`" + `万元` + "`" + ` for every money field (convert ` + "`" + `元` + "`" + ` and ` + "`" + `亿元` + "`" + ` exactly), ` + "`" + `%` + "`" + `, ` + "`" + `人` + "`" + `, ` + "`" + `分` + "`" + `; indicator values keep the unit they print, inside ` + "`" + `value` + "`" + ` |
| ` + "`" + `year` + "`" + ` | money, staff | the fiscal year the figure is about (a 2023 report's "2022年决算数" column is ` + "`" + `year: 2022` + "`" + `) |
| ` + "`" + `basis` + "`" + ` | money | ` + "`" + `actual` + "`" + ` (决算数/执行数/实际), ` + "`" + `budget` + "`" + ` (预算数 when only one is given, 全年预算数; every figure of a 部门预算), ` + "`" + `initial_budget` + "`" + ` (年初预算数) |
| ` + "`" + `project` + "`" + ` | project facts | project name as printed, after OCR repair (` + "`" + `城乡居民医疗保险县级财政补助` + "`" + `) |
| ` + "`" + `table` + "`" + ` | line items | official table name without year and number: ` + "`" + `收入决算表` + "`" + `, ` + "`" + `支出决算表` + "`" + `, ` + "`" + `一般公共预算财政拨款支出决算表` + "`" + `, ` + "`" + `财政拨款收入支出决算总表` + "`" + `, ` + "`" + `政府性基金预算财政拨款收入支出决算表` + "`" + `; for a 部门预算 the national template's names ` + "`" + `部门收支总表` + "`" + `, ` + "`" + `部门收入总表` + "`" + `, ` + "`" + `部门支出总表` + "`" + `, ` + "`" + `财政拨款收支总表` + "`" + `, ` + "`" + `一般公共预算支出表` + "`" + `, ` + "`" + `一般公共预算基本支出表` + "`" + `, ` + "`" + `政府性基金预算支出表` + "`" + `, ` + "`" + `国有资本经营预算支出表` + "`" + ` (a province's own title, e.g. 收支预算总表 or 一般公共预算支出预算表, is mapped to the template name it stands for) |
| ` + "`" + `code` + "`" + ` | line items | classification code as digits (` + "`" + `2101501` + "`" + `, ` + "`" + `30101` + "`" + `) |
| ` + "`" + `col` + "`" + ` | line items | column as printed, normalised: ` + "`" + `本年收入合计` + "`" + `, ` + "`" + `财政拨款收入` + "`" + `, ` + "`" + `本年支出合计` + "`" + `, ` + "`" + `基本支出` + "`" + `, ` + "`" + `项目支出` + "`" + `, ` + "`" + `决算数` + "`" + `, ` + "`" + `本年收入` + "`" + `, ` + "`" + `年初结转和结余` + "`" + `, ` + "`" + `年末结转和结余` + "`" + ` |
| ` + "`" + `indicator` + "`" + ` | indicator facts | the 三级指标 text as printed (white space removed) |

A fact matches a gold fact when ` + "`" + `doc` + "`" + `, ` + "`" + `field` + "`" + `, every key the gold fact sets, and
` + "`" + `value` + "`" + ` agree. ` + "`" + `project` + "`" + ` and ` + "`" + `indicator` + "`" + ` keys are compared like text values (NFKC, white
space removed), so a full-width ` + "`" + `，` + "`" + ` in a printed name equals ` + "`" + `,` + "`" + `.

Some gold facts carry ` + "`" + `"rebuilt": "indicator"` + "`" + ` or ` + "`" + `"rebuilt": "value"` + "`" + `: that part (the
indicator name, or a long text value) was rebuilt by hand from OCR fragments, because the
document never prints it whole. Such a gold fact, when nothing matches it exactly, may
match one extracted fact that no gold fact matches exactly and that agrees on everything
else, when that part's character F1 with the gold is at least 0.5 (F1 of the two
multisets of characters after NFKC and white-space removal; best-scoring pairs first,
each fact in one pair at most). The pair counts for recall and for precision. The
extracted name should still be the best reading the document supports: the rule only
stops a name that no reader could recover from costing the row's values.

`

// FactsMarkdown returns docs/FACTS.md: the keys of a fact and the field
// vocabulary of fiscaldoc.Fields, one table per group.
func FactsMarkdown() string {
	var b strings.Builder
	b.WriteString(factsIntro)
	b.WriteString("## Field vocabulary\n")
	group := ""
	for _, f := range fiscaldoc.Fields {
		if f.Group != group {
			group = f.Group
			fmt.Fprintf(&b, "\n### %s\n\n| field | meaning | unit | keys | read from |\n|---|---|---|---|---|\n", group)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", f.Name, cell(f.Meaning), f.Unit, f.Keys, cell(f.Source))
	}
	return b.String()
}

// cell escapes the pipes of a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// syncFields makes the fields table hold fiscaldoc.Fields, writing only
// when it differs (a reader of an up-to-date database writes nothing).
func syncFields(ctx context.Context, db *sql.DB) error {
	want := make([]string, len(fiscaldoc.Fields))
	for i, f := range fiscaldoc.Fields {
		want[i] = strings.Join([]string{f.Name, f.Group, f.Meaning, f.Unit, f.Keys, f.Source}, "\x1f")
	}
	rows, err := db.QueryContext(ctx, `SELECT name || char(31) || grp || char(31) || meaning || char(31) || coalesce(unit, '')
		|| char(31) || coalesce(keys, '') || char(31) || source FROM fields ORDER BY position`)
	if err != nil {
		return err
	}
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		got = append(got, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if strings.Join(got, "\n") == strings.Join(want, "\n") {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM fields`); err != nil {
		return err
	}
	for i, f := range fiscaldoc.Fields {
		if _, err := tx.ExecContext(ctx, `INSERT INTO fields (name, grp, meaning, unit, keys, source, position)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, f.Name, f.Group, f.Meaning, null(f.Unit), null(f.Keys), f.Source, i+1); err != nil {
			return err
		}
	}
	return tx.Commit()
}
