-- Schema version 1: documents, their facts with provenance, checks, repairs,
-- problems, the classification codes printed in tables, and the full-text
-- index of the segmented text.
--
-- Money: facts.value holds the exact decimal as text ("1085.68", 万元 for
-- every money field). For easy exact sums, money facts also carry
-- facts.fen, the amount as an integer number of 分 (1 万元 = 1,000,000 分):
-- SUM(fen) / 1e6 is exact up to the last step. The view money exposes both.

-- One row per source file ingested (a report as OCR text or PDF), with what
-- it says about itself; a file that could not be read has status failed.
CREATE TABLE documents (
	id           INTEGER PRIMARY KEY,
	path         TEXT NOT NULL UNIQUE,   -- as given to ingest, cleaned
	name         TEXT NOT NULL,          -- base name: the doc key of facts
	sha256       TEXT NOT NULL,          -- of the file: an unchanged file is not read again
	bytes        INTEGER NOT NULL,       -- file size
	encoding     TEXT,                   -- utf-8, utf-8-bom, utf-16le, utf-16be, gb18030, pdf
	doc_type     TEXT,                   -- final_accounts, dept_perf_self_eval, project_perf_self_eval
	org          TEXT,                   -- the reporting department, after OCR repair
	province     TEXT,                   -- 省, e.g. 湖北省
	prefecture   TEXT,                   -- 市/州, e.g. 武汉市
	county       TEXT,                   -- 县/区, e.g. 青山区
	region_code  TEXT,                   -- six-digit GB/T 2260 code of the county-level place
	fiscal_year  INTEGER,                -- the year the report covers
	report_date  TEXT,                   -- YYYY-MM-DD
	lines        INTEGER NOT NULL DEFAULT 0, -- text lines read
	status       TEXT NOT NULL CHECK (status IN ('ok', 'failed')), -- ok, or failed (see error)
	error        TEXT,                   -- why a failed document could not be read
	ingested_at  TEXT NOT NULL,          -- RFC 3339, UTC
	tool_version TEXT NOT NULL           -- fiscaldoc version and extraction rules version
);

CREATE INDEX documents_org ON documents (org, fiscal_year);
CREATE INDEX documents_region ON documents (region_code, fiscal_year);

-- One row per extracted fact, in the flat form of FACTS.md.
CREATE TABLE facts (
	id         INTEGER PRIMARY KEY,
	doc_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,         -- order within the document, stable across runs
	field      TEXT NOT NULL,            -- what the fact is: income_total, line_item, indicator_target …
	project    TEXT,                     -- project name as printed, after OCR repair
	indicator  TEXT,                     -- 三级指标 text as printed
	level1     TEXT,                     -- 一级指标 of an indicator row
	level2     TEXT,                     -- 二级指标
	note       TEXT,                     -- 偏差原因 and other remarks
	tbl        TEXT,                     -- the `table` key (table is an SQL keyword)
	code       TEXT,                     -- classification code of a line item (功能分类 or 经济分类)
	col        TEXT,                     -- table column of a line item, as printed
	year       INTEGER,                  -- the fiscal year the figure is about
	basis      TEXT,                     -- actual, budget, initial_budget
	value      TEXT NOT NULL,            -- exact decimal text for numbers
	unit       TEXT,                     -- 万元, %, 人, 分; NULL for text facts
	fen        INTEGER,                  -- money (unit 万元) as integer 分, NULL otherwise
	source     TEXT NOT NULL,            -- meta, table, prose
	line_first INTEGER,                  -- first source line of the value
	line_last  INTEGER,                  -- last source line
	raw        TEXT,                     -- the source text the value was read from
	UNIQUE (doc_id, seq)
);

CREATE INDEX facts_field ON facts (field, year);
CREATE INDEX facts_code ON facts (code, year) WHERE code IS NOT NULL;
CREATE INDEX facts_project ON facts (doc_id, project) WHERE project IS NOT NULL;

-- Accounting identities and cross-checks, stored whether they hold or not.
CREATE TABLE checks (
	id         INTEGER PRIMARY KEY,
	doc_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	expected   TEXT NOT NULL,            -- exact decimals
	actual     TEXT NOT NULL,
	difference TEXT NOT NULL,            -- actual - expected
	ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
	line       INTEGER,
	detail     TEXT
);

CREATE INDEX checks_doc ON checks (doc_id, ok);

-- OCR repairs: what was printed, what the document's own evidence supports.
CREATE TABLE repairs (
	id       INTEGER PRIMARY KEY,
	doc_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	line     INTEGER,
	kind     TEXT NOT NULL,              -- place, org, vocabulary, code, number
	raw      TEXT NOT NULL,
	repaired TEXT NOT NULL,
	evidence TEXT
);

CREATE INDEX repairs_doc ON repairs (doc_id);

-- Problems met while reading a document that did not stop it.
CREATE TABLE problems (
	id      INTEGER PRIMARY KEY,
	doc_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	line    INTEGER,                     -- NULL for the whole document
	kind    TEXT NOT NULL,
	message TEXT NOT NULL
);

CREATE INDEX problems_doc ON problems (doc_id);

-- Every (year, code, name) printed in a table: the classification
-- dictionary grows from the reports themselves. The view codes names each
-- code by its most common printed name.
CREATE TABLE code_names (
	doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	year   INTEGER NOT NULL,
	code   TEXT NOT NULL,
	name   TEXT NOT NULL,
	line   INTEGER
);

CREATE INDEX code_names_code ON code_names (code, year);

-- The segmented text of every document, one row per non-empty line: words
-- joined by spaces, so MATCH '医疗 救助' finds Chinese words.
CREATE VIRTUAL TABLE doc_text USING fts5 (
	text,
	doc_id UNINDEXED,
	line UNINDEXED,
	tokenize = 'unicode61'
);

-- Views for analysts.

-- Each (year, code) of code_names with its most common printed name, its
-- level (1 类, 2 款, 3 项) and its parent code.
CREATE VIEW codes AS
WITH counted AS (
	SELECT year, code, name, count(*) AS n,
		row_number() OVER (PARTITION BY year, code ORDER BY count(*) DESC, name) AS rank
	FROM code_names GROUP BY year, code, name
)
SELECT year, code, name,
	CASE length(code) WHEN 3 THEN 1 WHEN 5 THEN 2 WHEN 7 THEN 3 END AS level,
	CASE WHEN length(code) > 3 THEN substr(code, 1, length(code) - 2) END AS parent,
	n AS seen
FROM counted WHERE rank = 1;

-- Money facts (unit 万元) with their document: amount_text is the exact
-- decimal, amount_wan the same as a number, fen the integer 分 to sum.
CREATE VIEW money AS
SELECT f.id, d.name AS doc, d.org, d.region_code, f.field, f.project, f.tbl, f.code, f.col,
	f.year, f.basis, f.value AS amount_text, f.fen, f.fen / 1000000.0 AS amount_wan,
	f.line_first, f.raw
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.unit = '万元';

-- Line items of the final-accounts tables (line_item, econ_item) with the
-- code's printed name and its 类 (class_code) and 款 (section_code).
CREATE VIEW line_items AS
SELECT f.id, d.name AS doc, d.org, d.fiscal_year, f.field, f.tbl, f.code,
	(SELECT name FROM codes c WHERE c.code = f.code ORDER BY c.year = f.year DESC, c.seen DESC LIMIT 1) AS code_name,
	substr(f.code, 1, 3) AS class_code, CASE WHEN length(f.code) >= 5 THEN substr(f.code, 1, 5) END AS section_code,
	f.col, f.year, f.value AS amount_text, f.fen / 1000000.0 AS amount_wan, f.line_first, f.raw
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.field IN ('line_item', 'econ_item');

-- One row per performance indicator of a document (and project): target,
-- actual, weight and score side by side.
CREATE VIEW indicators AS
SELECT d.name AS doc, d.org, d.fiscal_year, f.project, f.level1, f.level2, f.indicator,
	max(CASE f.field WHEN 'indicator_target' THEN f.value END) AS target,
	max(CASE f.field WHEN 'indicator_actual' THEN f.value END) AS actual,
	max(CASE f.field WHEN 'indicator_weight' THEN f.value END) AS weight,
	max(CASE f.field WHEN 'indicator_score' THEN f.value END) AS score,
	max(f.note) AS note, min(f.line_first) AS line
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.field LIKE 'indicator\_%' ESCAPE '\'
GROUP BY f.doc_id, f.project, f.indicator;

-- One row per project of a document: initial budget, budget, executed
-- amount (万元), execution rate, score and 主管部门 (dept).
CREATE VIEW projects AS
SELECT d.name AS doc, d.org, d.fiscal_year, f.project,
	max(CASE WHEN f.field = 'budget_amount' AND f.basis = 'initial_budget' THEN f.value END) AS initial_budget,
	max(CASE WHEN f.field = 'budget_amount' AND f.basis = 'budget' THEN f.value END) AS budget,
	max(CASE WHEN f.field = 'budget_amount' AND f.basis = 'actual' THEN f.value END) AS executed,
	max(CASE WHEN f.field = 'execution_rate' THEN f.value END) AS execution_rate,
	max(CASE WHEN f.field = 'eval_score' THEN f.value END) AS score,
	max(CASE WHEN f.field = 'project_dept' THEN f.value END) AS dept
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.project IS NOT NULL AND f.project <> ''
GROUP BY f.doc_id, f.project;

-- The checks that do not hold, with their document.
CREATE VIEW failed_checks AS
SELECT d.name AS doc, c.name, c.expected, c.actual, c.difference, c.line, c.detail
FROM checks c JOIN documents d ON d.id = c.doc_id
WHERE c.ok = 0;
