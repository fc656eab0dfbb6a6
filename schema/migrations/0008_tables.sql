-- Schema version 8 (issue 18): the tables of each document as read, the
-- grid of the table model (fiscaldoc.Table) the facts were taken from, so a
-- reader can see a fact beside the cell it came from.

-- One row per table read from a document, in reading order: from its text
-- (tab rows, one cell a line, pipes, flattened lines) or, for a PDF, from
-- its ruling lines or the gaps between glyphs.
CREATE TABLE doc_tables (
	doc_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	n          INTEGER NOT NULL,          -- 1-based order of the table in the document
	shape      TEXT NOT NULL,             -- how it was printed: tab, spaces, loose, cell-line, cell-run, pipe, flat, lattice, stream
	stream     INTEGER NOT NULL DEFAULT 0 CHECK (stream IN (0, 1)), -- 1: the row breaks were lost, its cells are one row in reading order
	title      TEXT,                      -- the title line printed above it
	unit       TEXT,                      -- the unit line printed above it (单位:元)
	line_first INTEGER,                   -- 1-based number of its first line, as source_lines.line
	line_last  INTEGER,                   -- 1-based number of its last line
	page       INTEGER,                   -- 1-based PDF page of its first row; NULL for text files
	PRIMARY KEY (doc_id, n)
) WITHOUT ROWID;

-- One row per cell of a table as read; a merged cell is stored once, at
-- its top-left position. Keyed by reading order, not position: a reader of
-- a damaged table may place two cells at one.
CREATE TABLE table_cells (
	doc_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	tbl_n      INTEGER NOT NULL,          -- the table, doc_tables.n
	i          INTEGER NOT NULL,          -- 1-based order of the cell in the table, row by row
	row        INTEGER NOT NULL,          -- 0-based row in the grid (0 for every cell of a stream table)
	col        INTEGER NOT NULL,          -- 0-based column (a stream table's reading order)
	row_span   INTEGER NOT NULL DEFAULT 1, -- rows the cell covers, 1 when unmerged
	col_span   INTEGER NOT NULL DEFAULT 1, -- columns the cell covers, 1 when unmerged
	text       TEXT NOT NULL,             -- normalised text, wrapped lines joined
	line_first INTEGER,                   -- 1-based number of the first line it was read from
	line_last  INTEGER,                   -- 1-based number of the last line it was read from
	PRIMARY KEY (doc_id, tbl_n, i)
) WITHOUT ROWID;
