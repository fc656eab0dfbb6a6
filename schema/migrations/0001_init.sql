-- Schema version 1: documents, their facts with provenance, checks, repairs,
-- problems, the classification codes printed in tables, and the full-text
-- index of the segmented text.
--
-- Money: facts.value holds the exact decimal as text ("1085.68", 万元 for
-- every money field). For easy exact sums, money facts also carry
-- facts.fen, the amount as an integer number of 分 (1 万元 = 1,000,000 分):
-- SUM(fen) / 1e6 is exact up to the last step. The view money exposes both.

CREATE TABLE documents (
	id           INTEGER PRIMARY KEY,
	path         TEXT NOT NULL UNIQUE,   -- as given to ingest, cleaned
	name         TEXT NOT NULL,          -- base name: the doc key of facts
	sha256       TEXT NOT NULL,
	bytes        INTEGER NOT NULL,
	encoding     TEXT,                   -- utf-8, utf-8-bom, utf-16le, utf-16be, gb18030, pdf
	doc_type     TEXT,                   -- final_accounts, dept_perf_self_eval, project_perf_self_eval
	org          TEXT,
	province     TEXT,
	prefecture   TEXT,
	county       TEXT,
	region_code  TEXT,
	fiscal_year  INTEGER,
	report_date  TEXT,                   -- YYYY-MM-DD
	lines        INTEGER NOT NULL DEFAULT 0,
	status       TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
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
	field      TEXT NOT NULL,
	project    TEXT,
	indicator  TEXT,
	level1     TEXT,                     -- 一级指标 of an indicator row
	level2     TEXT,                     -- 二级指标
	note       TEXT,                     -- 偏差原因 and other remarks
	tbl        TEXT,                     -- the `table` key (table is an SQL keyword)
	code       TEXT,
	col        TEXT,
	year       INTEGER,
	basis      TEXT,                     -- actual, budget, initial_budget
	value      TEXT NOT NULL,            -- exact decimal text for numbers
	unit       TEXT,                     -- 万元, %, 人, 分; NULL for text facts
	fen        INTEGER,                  -- money (unit 万元) as integer 分, NULL otherwise
	source     TEXT NOT NULL,            -- meta, table, prose
	line_first INTEGER,
	line_last  INTEGER,
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

CREATE VIEW money AS
SELECT f.id, d.name AS doc, d.org, d.region_code, f.field, f.project, f.tbl, f.code, f.col,
	f.year, f.basis, f.value AS amount_text, f.fen, f.fen / 1000000.0 AS amount_wan,
	f.line_first, f.raw
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.unit = '万元';

CREATE VIEW line_items AS
SELECT f.id, d.name AS doc, d.org, d.fiscal_year, f.field, f.tbl, f.code,
	(SELECT name FROM codes c WHERE c.code = f.code ORDER BY c.year = f.year DESC, c.seen DESC LIMIT 1) AS code_name,
	substr(f.code, 1, 3) AS class_code, CASE WHEN length(f.code) >= 5 THEN substr(f.code, 1, 5) END AS section_code,
	f.col, f.year, f.value AS amount_text, f.fen / 1000000.0 AS amount_wan, f.line_first, f.raw
FROM facts f JOIN documents d ON d.id = f.doc_id
WHERE f.field IN ('line_item', 'econ_item');

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

CREATE VIEW failed_checks AS
SELECT d.name AS doc, c.name, c.expected, c.actual, c.difference, c.line, c.detail
FROM checks c JOIN documents d ON d.id = c.doc_id
WHERE c.ok = 0;
