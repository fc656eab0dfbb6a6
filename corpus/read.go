package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Errors a file can fail with; each is wrapped with the file's path.
var (
	ErrEmpty        = errors.New("empty file")
	ErrBinary       = errors.New("not text: binary content or unknown encoding")
	ErrTooLarge     = errors.New("file larger than the limit")
	ErrLineTooLong  = errors.New("line longer than the limit")
	ErrTooManyCells = errors.New("more table cells in a line than the limit")
	ErrNoText       = errors.New("no usable text layer")
)

// Limits bound what one document may cost. The zero value means the defaults.
type Limits struct {
	MaxBytes     int64 // file size; default 64 MiB
	MaxLineBytes int   // one decoded line; default 256 KiB
	MaxCells     int   // tab-separated cells in one line; default 1024

	PDFTime time.Duration // time to read one PDF; default 60 s
	// MaxGlyphs bounds the characters read from one PDF, so that a stream
	// inflating to gigabytes fails instead of exhausting memory (about 250
	// bytes of memory each); default 1<<20, some 500 pages of dense text.
	MaxGlyphs int
}

func (l Limits) maxBytes() int64 {
	if l.MaxBytes > 0 {
		return l.MaxBytes
	}
	return 64 << 20
}

func (l Limits) pdfTime() time.Duration {
	if l.PDFTime > 0 {
		return l.PDFTime
	}
	return time.Minute
}

func (l Limits) maxGlyphs() int {
	if l.MaxGlyphs > 0 {
		return l.MaxGlyphs
	}
	return 1 << 20
}

func (l Limits) maxCells() int {
	if l.MaxCells > 0 {
		return l.MaxCells
	}
	return 1024
}

func (l Limits) maxLineBytes() int {
	if l.MaxLineBytes > 0 {
		return l.MaxLineBytes
	}
	return 256 << 10
}

// Hash returns the size and hex sha256 of the file at path, the key by which
// an unchanged file is recognised.
func Hash(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// Read reads the file at path into a Document with its lines decoded and
// normalised. It never panics and never returns nil: a file that cannot be
// read comes back with Err set (wrapping one of the errors above or the
// operating system's).
func Read(ctx context.Context, path string, lim Limits) *fiscaldoc.Document {
	doc := &fiscaldoc.Document{Path: path, Name: filepath.Base(path)}
	data, err := readFile(path, lim.maxBytes())
	if err != nil {
		doc.Err = fmt.Errorf("%s: %w", path, err)
		return doc
	}
	sum := sha256.Sum256(data)
	doc.SHA256 = hex.EncodeToString(sum[:])
	doc.Bytes = int64(len(data))
	if err := ctx.Err(); err != nil {
		doc.Err = err
		return doc
	}
	if len(bytes.TrimSpace(data)) == 0 {
		doc.Err = fmt.Errorf("%s: %w", path, ErrEmpty)
		return doc
	}
	var lines []fiscaldoc.Line
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		doc.Encoding = "pdf"
		pctx, cancel := context.WithTimeout(ctx, lim.pdfTime())
		lines, doc.Tables, err = readPDF(pctx, data, lim)
		cancel()
	} else {
		var text string
		text, doc.Encoding, err = decode(data)
		if err == nil {
			lines, err = splitLines(text, lim)
		}
	}
	if err != nil {
		doc.Err = fmt.Errorf("%s: %w", path, err)
		return doc
	}
	doc.Lines = lines
	return doc
}

func readFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	return data, nil
}

// decode detects the encoding of a text dump and returns its UTF-8 text.
// Order: a byte-order mark; valid UTF-8; GB18030 (a superset of GBK) when it
// decodes with almost no replacement characters. NUL bytes outside UTF-16
// mean binary content.
func decode(data []byte) (text, enc string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data, enc = data[3:], "utf-8-bom"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), data, "utf-16le")
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), data, "utf-16be")
	default:
		enc = "utf-8"
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", "", ErrBinary
	}
	if utf8.Valid(data) {
		if controlShare(string(data)) > 0.01 {
			return "", "", ErrBinary
		}
		return string(data), enc, nil
	}
	if enc == "utf-8-bom" {
		return "", "", fmt.Errorf("%w: invalid UTF-8 after a UTF-8 byte-order mark", ErrBinary)
	}
	return decodeWith(simplifiedchinese.GB18030, data, "gb18030")
}

func decodeWith(e encoding.Encoding, data []byte, name string) (string, string, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("%w: %s: %v", ErrBinary, name, err)
	}
	s := string(out)
	// x/text turns invalid bytes into U+FFFD without an error: judge by them.
	if n := utf8.RuneCountInString(s); n == 0 ||
		float64(strings.Count(s, "\uFFFD"))/float64(n) > 0.001 || controlShare(s) > 0.01 {
		return "", "", ErrBinary
	}
	return s, name, nil
}

// controlShare is the share of runes that are control characters other than
// tab, newline, carriage return and form feed.
func controlShare(s string) float64 {
	n, bad := 0, 0
	for _, r := range s {
		n++
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7f {
			bad++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(bad) / float64(n)
}

// splitLines splits text into numbered lines (\n, \r\n or \r), each with its
// normalised form.
func splitLines(text string, lim Limits) ([]fiscaldoc.Line, error) {
	maxLine, maxCells := lim.maxLineBytes(), lim.maxCells()
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	raw := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	lines := make([]fiscaldoc.Line, len(raw))
	for i, r := range raw {
		if len(r) > maxLine {
			return nil, fmt.Errorf("line %d: %w (%d bytes > %d)", i+1, ErrLineTooLong, len(r), maxLine)
		}
		if n := strings.Count(r, "\t") + 1; n > maxCells {
			return nil, fmt.Errorf("line %d: %w (%d > %d)", i+1, ErrTooManyCells, n, maxCells)
		}
		lines[i] = fiscaldoc.Line{N: i + 1, Raw: r, Text: normalize.Text(r)}
	}
	return lines, nil
}
