-- Schema version 5 (issue 17): a document is its content and its canonical
-- path; views that run on any SQLite from 3.40 and hold numbers as numbers.
--
-- documents.path is now the canonical absolute path (symbolic links
-- resolved). The same bytes found under another path are not stored again:
-- that path becomes an alias of the stored document. A document that reads
-- as no fiscal report is stored with status not_a_report. Documents stored
-- twice by older versions (one file ingested through two spellings of its
-- path) are merged here: the first stored keeps its rows, the others'
-- paths become its aliases.

DROP VIEW IF EXISTS failed_checks;
DROP VIEW IF EXISTS projects;
DROP VIEW IF EXISTS indicators;
DROP VIEW IF EXISTS line_items;
DROP VIEW IF EXISTS money;

-- One row per source file ingested (a report as OCR text or PDF), with what
-- it says about itself; a file that could not be read has status failed.
CREATE TABLE documents_new (
	id           INTEGER PRIMARY KEY,
	path         TEXT NOT NULL UNIQUE,   -- canonical absolute path (symbolic links resolved; older rows: as given)
	name         TEXT NOT NULL,          -- base name: the doc key of facts
	sha256       TEXT NOT NULL,          -- of the file: an unchanged file is not read again
	bytes        INTEGER NOT NULL,       -- file size
	encoding     TEXT,                   -- utf-8, utf-8-bom, utf-16le, utf-16be, gb18030, pdf
	doc_type     TEXT,                   -- final_accounts, dept_budget, dept_perf_self_eval, project_perf_self_eval
	org          TEXT,                   -- the reporting department, after OCR repair
	province     TEXT,                   -- 省, e.g. 湖北省
	prefecture   TEXT,                   -- 市/州, e.g. 武汉市
	county       TEXT,                   -- 县/区, e.g. 青山区
	region_code  TEXT,                   -- six-digit GB/T 2260 code of the county-level place
	fiscal_year  INTEGER,                -- the year the report covers
	report_date  TEXT,                   -- YYYY-MM-DD
	lines        INTEGER NOT NULL DEFAULT 0, -- text lines read
	status       TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'not_a_report')), -- ok; failed (see error); not_a_report (read, but no report type and no facts found)
	error        TEXT,                   -- why a failed document could not be read
	ingested_at  TEXT NOT NULL,          -- RFC 3339, UTC
	tool_version TEXT NOT NULL           -- fiscaldoc version and extraction rules version
);

INSERT INTO documents_new SELECT id, path, name, sha256, bytes, encoding, doc_type, org, province, prefecture,
	county, region_code, fiscal_year, report_date, lines, status, error, ingested_at, tool_version
FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_org ON documents (org, fiscal_year);
CREATE INDEX documents_region ON documents (region_code, fiscal_year);
CREATE INDEX documents_sha256 ON documents (sha256);

-- Other paths at which the bytes of a stored document were found (another
-- copy, or the path as given when it differs from the canonical one). A
-- path is a document or an alias, never both.
CREATE TABLE aliases (
	path     TEXT PRIMARY KEY,           -- the other path, canonical absolute
	doc_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	found_at TEXT NOT NULL               -- RFC 3339, UTC: when the alias was recorded
);

CREATE INDEX aliases_doc ON aliases (doc_id);

-- Merge documents stored twice: each sha256 of ok documents keeps its
-- lowest id; the others become aliases and lose their (duplicate) rows.
CREATE TEMP TABLE merged AS
SELECT d.id, d.path, k.keep FROM documents d
JOIN (SELECT sha256, min(id) AS keep FROM documents WHERE status = 'ok' GROUP BY sha256 HAVING count(*) > 1) k
	ON k.sha256 = d.sha256
WHERE d.status = 'ok' AND d.id <> k.keep;
INSERT INTO aliases (path, doc_id, found_at) SELECT path, keep, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM merged;
DELETE FROM facts WHERE doc_id IN (SELECT id FROM merged);
DELETE FROM checks WHERE doc_id IN (SELECT id FROM merged);
DELETE FROM repairs WHERE doc_id IN (SELECT id FROM merged);
DELETE FROM problems WHERE doc_id IN (SELECT id FROM merged);
DELETE FROM code_names WHERE doc_id IN (SELECT id FROM merged);
DELETE FROM doc_text WHERE rowid IN (SELECT t.rowid FROM doc_text t JOIN merged m ON t.doc_id = m.id);
DELETE FROM documents WHERE id IN (SELECT id FROM merged);
DROP TABLE merged;

-- A document's facts by field: the headline figures of reports.
CREATE INDEX facts_doc_field ON facts (doc_id, field);

-- The name a document prints for a code: line_items.code_name.
CREATE INDEX code_names_doc ON code_names (doc_id, code, year);

-- The n-th fact of a document with the same field and keys: the views
-- pivot a value printed twice into two rows instead of dropping one.
ALTER TABLE facts ADD COLUMN repeat INTEGER NOT NULL DEFAULT 1; -- 1 for the first fact of its field and keys in the document (seq order), 2 for the next …
UPDATE facts SET repeat = r.n
FROM (SELECT id, row_number() OVER (PARTITION BY doc_id, field, project, indicator, tbl, code, col, year, basis, unit ORDER BY seq) AS n FROM facts) r
WHERE r.id = facts.id AND r.n > 1;

-- Views for analysts. Each carries doc_id and the document's path, its
-- place (county, else prefecture, else province) and fiscal_year; numbers
-- are REAL or INTEGER beside the printed text. They use nothing newer than
-- SQLite 3.40 (Debian 12's sqlite3 shell and Python's sqlite3 module).

-- Money facts (unit 万元) with their document: amount_text is the exact
-- decimal, amount_wan the same as a number, fen the integer 分 to sum.
CREATE VIEW money AS
SELECT f.id, f.doc_id, d.path, d.name AS doc, d.org, coalesce(d.county, d.prefecture, d.province) AS place,
	d.region_code, d.fiscal_year, f.field, f.project, f.tbl, f.code, f.col, f.year, f.basis,
	f.value AS amount_text, f.fen, f.fen / 1000000.0 AS amount_wan, f.line_first, f.line_last, f.raw
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.unit = '万元';

-- Line items of the final-accounts tables (line_item, econ_item), with the
-- code's level (类 3 digits, 款 5, 项 7), its name (as the document prints
-- it for that year, else the most common name of the code), its 类
-- (class_code) and 款 (section_code). A class total is one WHERE level =
-- '类'; filter by code rather than by a name, which OCR may have marred.
CREATE VIEW line_items AS
SELECT f.id, f.doc_id, d.path, d.name AS doc, d.org, coalesce(d.county, d.prefecture, d.province) AS place,
	d.region_code, d.fiscal_year, f.field, f.tbl, f.code,
	CASE length(f.code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' END AS level,
	coalesce((SELECT cn.name FROM code_names cn WHERE cn.doc_id = f.doc_id AND cn.code = f.code AND cn.year = f.year LIMIT 1),
		(SELECT c.name FROM codes c WHERE c.code = f.code ORDER BY c.seen DESC, c.year DESC LIMIT 1)) AS code_name,
	substr(f.code, 1, 3) AS class_code, CASE WHEN length(f.code) >= 5 THEN substr(f.code, 1, 5) END AS section_code,
	f.col, f.year, f.basis, f.value AS amount_text, f.fen, f.fen / 1000000.0 AS amount_wan,
	f.line_first, f.line_last, f.raw
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.field IN ('line_item', 'econ_item');

-- One row per performance indicator row of a document (and project):
-- target and actual as printed (target_text ≥90%) and as numbers
-- (target_value 90, with the printed operator in target_op), weight and
-- score as numbers. An indicator printed more than once in a document gives
-- one row per printing (occurrence 1, 2 …): no printed value is dropped.
CREATE VIEW indicators AS
WITH pivot AS (
	SELECT doc_id, project, indicator, repeat AS occurrence, min(level1) AS level1, min(level2) AS level2,
		min(CASE field WHEN 'indicator_target' THEN value END) AS target_text,
		min(CASE field WHEN 'indicator_actual' THEN value END) AS actual_text,
		min(CASE field WHEN 'indicator_weight' THEN value END) AS weight_text,
		min(CASE field WHEN 'indicator_score' THEN value END) AS score_text,
		group_concat(note, '；') AS note, min(line_first) AS line
	FROM facts
	WHERE field IN ('indicator_target', 'indicator_actual', 'indicator_weight', 'indicator_score')
	GROUP BY doc_id, project, indicator, repeat
), parsed AS (
	SELECT *, ltrim(target_text, '≥≤><=＞＜≧≦约 ') AS t, ltrim(actual_text, '≥≤><=＞＜≧≦约 ') AS a FROM pivot
)
SELECT p.doc_id, d.path, d.name AS doc, d.org, coalesce(d.county, d.prefecture, d.province) AS place,
	d.fiscal_year, p.project, p.level1, p.level2, p.indicator, p.occurrence,
	p.target_text, CASE WHEN substr(p.target_text, 1, 1) IN ('≥', '≤', '>', '<') THEN substr(p.target_text, 1, 1) END AS target_op,
	CASE WHEN p.t GLOB '[0-9]*' OR p.t GLOB '-[0-9]*' THEN CAST(p.t AS REAL) END AS target_value,
	p.actual_text, CASE WHEN p.a GLOB '[0-9]*' OR p.a GLOB '-[0-9]*' THEN CAST(p.a AS REAL) END AS actual_value,
	CASE WHEN p.weight_text GLOB '[0-9]*' THEN CAST(p.weight_text AS REAL) END AS weight,
	CASE WHEN p.score_text GLOB '[0-9]*' OR p.score_text GLOB '-[0-9]*' THEN CAST(p.score_text AS REAL) END AS score,
	p.note, p.line
FROM parsed p JOIN documents d ON d.id = p.doc_id;

-- One row per project of a document: initial budget, budget and executed
-- amount (万元), execution rate (%), score and 主管部门 (dept), numbers as
-- REAL. A figure printed more than once for a project gives one row per
-- printing (occurrence 1, 2 …): no printed value is dropped.
CREATE VIEW projects AS
SELECT f.doc_id, d.path, d.name AS doc, d.org, coalesce(d.county, d.prefecture, d.province) AS place,
	d.fiscal_year, f.project, f.repeat AS occurrence,
	min(CASE WHEN f.field = 'budget_amount' AND f.basis = 'initial_budget' THEN f.fen / 1000000.0 END) AS initial_budget,
	min(CASE WHEN f.field = 'budget_amount' AND f.basis = 'budget' THEN f.fen / 1000000.0 END) AS budget,
	min(CASE WHEN f.field = 'budget_amount' AND f.basis = 'actual' THEN f.fen / 1000000.0 END) AS executed,
	min(CASE WHEN f.field = 'execution_rate' AND f.value GLOB '[0-9]*' THEN CAST(f.value AS REAL) END) AS execution_rate,
	min(CASE WHEN f.field = 'eval_score' AND f.value GLOB '[0-9]*' THEN CAST(f.value AS REAL) END) AS score,
	min(CASE WHEN f.field = 'project_dept' THEN f.value END) AS dept
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.project IS NOT NULL AND f.project <> ''
	AND f.field IN ('budget_amount', 'execution_rate', 'eval_score', 'project_dept')
GROUP BY f.doc_id, f.project, f.repeat;

-- The checks that do not hold, with their document, place and year;
-- expected, actual and difference as numbers (exact text in checks).
CREATE VIEW failed_checks AS
SELECT c.id, c.doc_id, d.path, d.name AS doc, d.org, coalesce(d.county, d.prefecture, d.province) AS place,
	d.fiscal_year, c.name, CAST(c.expected AS REAL) AS expected, CAST(c.actual AS REAL) AS actual,
	CAST(c.difference AS REAL) AS difference, c.line, c.detail
FROM checks c JOIN documents d ON d.id = c.doc_id
WHERE c.ok = 0;

-- One row per document with its headline figures as numbers: income and
-- expenditure totals, basic and project expenditure, 三公经费 and its parts,
-- 机关运行经费 (万元, of the report's own fiscal_year, the actual figure
-- where one is printed, else the budget), the department-wide execution
-- rate (%) and evaluation score (分), and how many facts the document
-- gave. The money view has every printed figure; disagreements names the
-- headline fields printed more than once with different values (same year
-- and basis), so a picked figure never hides another.
CREATE VIEW reports AS
SELECT d.id AS doc_id, d.path, d.name AS doc, d.org, coalesce(d.county, d.prefecture, d.province) AS place,
	d.province, d.prefecture, d.county, d.region_code, d.doc_type, d.fiscal_year, d.report_date, d.status,
	(SELECT count(*) FROM facts f WHERE f.doc_id = d.id) AS facts,
	(SELECT group_concat(field, ', ') FROM (SELECT DISTINCT f.field FROM facts f
		WHERE f.doc_id = d.id AND f.project IS NULL AND (f.year = d.fiscal_year OR f.year IS NULL)
			AND f.field IN ('income_total', 'expenditure_total', 'expenditure_basic', 'expenditure_project',
				'three_public_total', 'three_public_outbound', 'three_public_vehicle', 'three_public_vehicle_purchase',
				'three_public_vehicle_operation', 'three_public_reception', 'org_operation_cost', 'execution_rate', 'eval_score')
		GROUP BY f.field, f.basis HAVING count(DISTINCT f.value) > 1 ORDER BY f.field)) AS disagreements,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'income_total' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS income_total,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'expenditure_total' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS expenditure_total,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'expenditure_basic' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS expenditure_basic,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'expenditure_project' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS expenditure_project,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'three_public_total' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS three_public_total,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'three_public_outbound' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS three_public_outbound,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'three_public_vehicle' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS three_public_vehicle,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'three_public_vehicle_purchase' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS three_public_vehicle_purchase,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'three_public_vehicle_operation' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS three_public_vehicle_operation,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'three_public_reception' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS three_public_reception,
	(SELECT f.fen / 1000000.0 FROM facts f WHERE f.doc_id = d.id AND f.field = 'org_operation_cost' AND f.project IS NULL
		AND (f.year = d.fiscal_year OR f.year IS NULL) ORDER BY CASE f.basis WHEN 'actual' THEN 0 WHEN 'budget' THEN 1 ELSE 2 END, f.seq LIMIT 1) AS org_operation_cost,
	(SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc_id = d.id AND f.field = 'execution_rate' AND f.project IS NULL
		AND f.value GLOB '[0-9]*' ORDER BY f.seq LIMIT 1) AS execution_rate,
	(SELECT CAST(f.value AS REAL) FROM facts f WHERE f.doc_id = d.id AND f.field = 'eval_score' AND f.project IS NULL
		AND f.value GLOB '[0-9]*' ORDER BY f.seq LIMIT 1) AS eval_score
FROM documents d;
