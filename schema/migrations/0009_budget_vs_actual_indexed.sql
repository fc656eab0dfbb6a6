-- Schema version 9: budget_vs_actual answers a question about one field
-- from the index. Version 3 materialised every budget and actual figure of
-- the database once for both sides of the pairing, so "which departments
-- spent under 80% of their 项目支出 budget" read all facts (seconds on
-- 10,000 documents); now each side is its own view, and SQLite pushes a
-- condition on field, year, tbl or code into both (BENCHMARKS.md,
-- "Budget against actual"). The answers are unchanged.

DROP VIEW budget_vs_actual;

-- Every budget and actual figure of a department, keyed for pairing: a
-- department is an org in a place (region_code); a 决算 table's name is
-- mapped to the 预算 template table it answers (支出决算表 to 部门支出总表,
-- 一般公共预算财政拨款支出决算表 to 一般公共预算支出表 …) and a 决算数
-- column to 预算数; absent keys are ''. Where a department gives one key
-- twice, the latest document's figure is the one kept (max() makes SQLite
-- take id, value and fen from the row of the largest doc_id).
CREATE VIEW budget_actual_figures AS
SELECT d.org, coalesce(d.region_code, '') AS region_code, f.year, f.field,
	CASE f.tbl
		WHEN '收入决算表' THEN '部门收入总表'
		WHEN '支出决算表' THEN '部门支出总表'
		WHEN '收入支出决算总表' THEN '部门收支总表'
		WHEN '财政拨款收入支出决算总表' THEN '财政拨款收支总表'
		WHEN '一般公共预算财政拨款支出决算表' THEN '一般公共预算支出表'
		WHEN '一般公共预算财政拨款基本支出决算明细表' THEN '一般公共预算基本支出表'
		WHEN '政府性基金预算财政拨款收入支出决算表' THEN '政府性基金预算支出表'
		WHEN '国有资本经营预算财政拨款支出决算表' THEN '国有资本经营预算支出表'
		ELSE coalesce(f.tbl, '')
	END AS tbl,
	coalesce(f.code, '') AS code,
	CASE f.col WHEN '决算数' THEN '预算数' ELSE coalesce(f.col, '') END AS col,
	coalesce(f.project, '') AS project,
	f.basis, max(f.doc_id) AS doc_id, f.id, f.value, f.fen
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.fen IS NOT NULL AND f.basis IN ('budget', 'actual') AND d.org IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

-- Each department's budget figure beside its actual figure for the same
-- year, field, table, code, column and project: from different documents
-- (the 部门预算 and the 部门决算 of the year) or from one (a 决算 printing
-- the budget, a self-evaluation's 预算数 and 执行数). tbl names the 预算
-- table. budget and actual are the exact decimals (万元), difference_wan =
-- actual − budget, execution_rate = actual / budget in % (NULL for a
-- budget of 0). Departments that spent under 80% of their 项目支出 budget:
-- SELECT org, year, execution_rate FROM budget_vs_actual
-- WHERE field = 'expenditure_project' AND execution_rate < 80.
CREATE VIEW budget_vs_actual AS
SELECT b.org, nullif(b.region_code, '') AS region_code, b.year, b.field,
	nullif(b.tbl, '') AS tbl, nullif(b.code, '') AS code, nullif(b.col, '') AS col,
	nullif(b.project, '') AS project,
	b.value AS budget, a.value AS actual,
	(a.fen - b.fen) / 1000000.0 AS difference_wan,
	CASE WHEN b.fen <> 0 THEN round(100.0 * a.fen / b.fen, 2) END AS execution_rate,
	b.doc_id AS budget_doc_id, a.doc_id AS actual_doc_id,
	b.id AS budget_fact_id, a.id AS actual_fact_id
FROM budget_actual_figures b JOIN budget_actual_figures a
	ON a.field = b.field AND a.year = b.year AND a.org = b.org AND a.region_code = b.region_code
	AND a.tbl = b.tbl AND a.code = b.code AND a.col = b.col AND a.project = b.project
WHERE b.basis = 'budget' AND a.basis = 'actual';
