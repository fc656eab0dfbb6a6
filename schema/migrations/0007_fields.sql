-- Schema version 7 (issue 17): the field
-- dictionary in the database.

-- Every field of the fact vocabulary: what it means, its unit, the keys its
-- facts carry and the template cell it is read from. Written by fiscaldoc
-- from its own definition of the vocabulary (fiscaldoc fields prints it;
-- docs/FACTS.md is made from the same definition).
CREATE TABLE fields (
	name      TEXT PRIMARY KEY,          -- the field, as in facts.field
	grp       TEXT NOT NULL,             -- Document, Money, Line items, Staff, Evaluation
	meaning   TEXT NOT NULL,             -- what it is, with the printed label
	unit      TEXT,                      -- 万元, %, 人, 分; NULL for text
	keys      TEXT,                      -- keys a fact of the field carries besides doc and value
	source    TEXT NOT NULL,             -- the template cell or sentence it is read from
	position  INTEGER NOT NULL           -- order in the vocabulary
);
