// Package corpus finds and reads source files: it walks the paths given on
// the command line, detects each text file's encoding (UTF-8 with or without
// BOM, UTF-16 with BOM, GB18030/GBK), reads PDFs through their text layer,
// and returns a fiscaldoc.Document with its lines, sha256 and size. A file
// that cannot be read becomes a Document with Err set, never a panic.
//
// The sample reports and their hand-checked gold facts live in sample/.
package corpus
