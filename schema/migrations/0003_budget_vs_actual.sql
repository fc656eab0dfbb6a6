-- Schema version 3: budget against actual, across a department's 部门预算
-- and 部门决算.

-- Each department's budget figure beside its actual figure for the same
-- year, field, table, code, column and project: from different documents
-- (the 部门预算 and the 部门决算 of the year) or from one (a 决算 printing
-- the budget, a self-evaluation's 预算数 and 执行数). A 预算 table is paired
-- with the 决算 table of the same template (部门支出总表 with 支出决算表,
-- 一般公共预算支出表 with 一般公共预算财政拨款支出决算表 …, tbl names the
-- 预算 one), an econ_item's 预算数 with its 决算数. A department is an org
-- in a place (region_code); where it gives one key twice, the latest
-- document's figure is used. budget and actual are the exact decimals (万元),
-- difference_wan = actual − budget, execution_rate = actual / budget in %
-- (NULL for a budget of 0). Departments that spent under 80% of their
-- 项目支出 budget: SELECT org, year, execution_rate FROM budget_vs_actual
-- WHERE field = 'expenditure_project' AND execution_rate < 80.
CREATE VIEW budget_vs_actual AS
WITH sided AS (
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
		f.basis, f.id, f.doc_id, f.value, f.fen
	FROM facts f JOIN documents d ON d.id = f.doc_id
	WHERE f.fen IS NOT NULL AND f.basis IN ('budget', 'actual') AND d.org IS NOT NULL
),
latest AS (
	-- max() makes SQLite take id, value and fen from the latest document's row.
	SELECT org, region_code, year, field, tbl, code, col, project, basis,
		max(doc_id) AS doc_id, id, value, fen
	FROM sided
	GROUP BY org, region_code, year, field, tbl, code, col, project, basis
)
SELECT b.org, nullif(b.region_code, '') AS region_code, b.year, b.field,
	nullif(b.tbl, '') AS tbl, nullif(b.code, '') AS code, nullif(b.col, '') AS col,
	nullif(b.project, '') AS project,
	b.value AS budget, a.value AS actual,
	(a.fen - b.fen) / 1000000.0 AS difference_wan,
	CASE WHEN b.fen <> 0 THEN round(100.0 * a.fen / b.fen, 2) END AS execution_rate,
	b.doc_id AS budget_doc_id, a.doc_id AS actual_doc_id,
	b.id AS budget_fact_id, a.id AS actual_fact_id
FROM latest b JOIN latest a
	ON a.org = b.org AND a.region_code = b.region_code AND a.year = b.year
	AND a.field = b.field AND a.tbl = b.tbl AND a.code = b.code AND a.col = b.col
	AND a.project = b.project
WHERE b.basis = 'budget' AND a.basis = 'actual';
