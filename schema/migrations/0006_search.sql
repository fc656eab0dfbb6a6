-- Schema version 6 (issue 17): search that
-- finds every printed string of two or more characters. doc_text (words)
-- stays for word search; the tokenizers were chosen by measurement
-- (BENCHMARKS.md, "Search"). A database migrated from an older version
-- gets its documents' text here when the next ingest re-reads them (a new
-- fiscaldoc re-extracts every document once).

-- The text of every document, one row per non-empty line as normalised
-- (full-width folded, OCR spaces between CJK removed, numbers as printed:
-- 869.93), indexed by trigrams: MATCH '城乡医疗救助' finds any string of
-- three or more characters (and Datasette's ?_search= works on it).
CREATE VIRTUAL TABLE doc_search USING fts5 (
	text,                                -- the line after OCR repair
	printed,                             -- the line as printed, where the repair changed it
	doc_id UNINDEXED,
	line UNINDEXED,
	columnsize = 0,                      -- no ranking: 18 MB less on 10,000 documents
	tokenize = 'trigram case_sensitive 1'
);

-- Every pair of adjacent characters of doc_search's lines (no white
-- space), one token each, without positions or content: the index of
-- two-character searches (rowid as in doc_search; MATCH '"保障"').
CREATE VIRTUAL TABLE doc_pairs USING fts5 (
	pairs,
	content = '',
	detail = none,
	columnsize = 0,
	tokenize = "unicode61 remove_diacritics 0 categories 'L* N* P* S* M* Co'"
);
