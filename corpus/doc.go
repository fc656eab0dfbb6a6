// Package corpus finds and reads source files: it walks the paths given on
// the command line, detects each text file's encoding (UTF-8 with or without
// BOM, UTF-16 with BOM, GB18030/GBK), reads PDFs through their text layer,
// and returns a fiscaldoc.Document with its lines, sha256 and size. A file
// that cannot be read becomes a Document with Err set, never a panic.
//
// The sample reports and their hand-checked gold facts live in sample/.
//
// A PDF's lines are rebuilt from its glyph positions, not from the PDF
// library's text output: glyphs are grouped by baseline, a line is split into
// cells where a gap is wider than an em beyond the gap its font normally
// leaves, table rows come back as tab-separated cells aligned to the table's
// columns (an empty cell stays an empty field), a cell wrapped over several
// lines joined back into its row, and wrapped paragraphs — also those broken
// by a page break — as one line, so a PDF reads like a text dump:
//
//	一、部门基本支出	1165.9	585.69	870
//	2023年零陵区医疗保障局整体收入869.93万元，与上年总收入1165.9万元相比，…
//
// A PDF's tables also come back as fiscaldoc.Tables (Document.Tables). A
// table drawn with borders is read from its ruling lines (ShapeLattice):
// stroked segments and rectangles and thin filled rectangles, under the
// current transformation, merged where collinear, snapped into a grid whose
// missing inner borders make spans; each glyph goes to the cell holding its
// centre, a cell's lines are one value, and a table that goes on over a page
// break with the same columns is one table (a repeated header row is page
// furniture). Other tables come from glyph gaps (ShapeGlyphGap). Either way
// a row is one tab-separated line, a merged cell written once in its first
// column, so extractors that read lines and those that read tables agree.
//
// A PDF whose glyphs mostly do not decode to Unicode, or that has no text at
// all (a scan), fails with ErrNoText; a corrupt one with ErrPDF. Each PDF is
// read under recover and within Limits.PDFTime.
package corpus
