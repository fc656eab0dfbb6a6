-- Schema version 4: the source text itself, line by line, so a reader (the
-- report page of `fiscaldoc serve`) can show every fact, repair and check
-- at the line it was read from. doc_text holds only the segmented words.

-- One row per line of a document's decoded text (for a PDF: the rebuilt
-- lines of its text layer), numbered as facts.line_first and line_last are.
CREATE TABLE source_lines (
	doc_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	line      INTEGER NOT NULL,          -- 1-based line number
	page      INTEGER,                   -- 1-based PDF page; NULL for text files
	raw       TEXT NOT NULL,             -- the line as decoded, before normalisation
	furniture INTEGER NOT NULL DEFAULT 0 CHECK (furniture IN (0, 1)), -- 1: a preamble, page number or repeated header
	PRIMARY KEY (doc_id, line)
) WITHOUT ROWID;
