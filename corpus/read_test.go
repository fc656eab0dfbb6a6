package corpus

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

const sampleText = "2023年度医疗保障局部门决算\r\n收入合计\t1, 085. 68\n\n城 乡居民医疗保险"

func encode(t *testing.T, name string) []byte {
	t.Helper()
	var (
		b   []byte
		err error
	)
	switch name {
	case "utf-8":
		return []byte(sampleText)
	case "utf-8-bom":
		return append([]byte{0xEF, 0xBB, 0xBF}, sampleText...)
	case "utf-16le":
		b, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(sampleText))
	case "utf-16be":
		b, err = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(sampleText))
	case "gb18030":
		b, err = simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(sampleText))
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadEncodings(t *testing.T) {
	for _, enc := range []string{"utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030"} {
		t.Run(enc, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.txt")
			if err := os.WriteFile(path, encode(t, enc), 0o644); err != nil {
				t.Fatal(err)
			}
			doc := Read(context.Background(), path, Limits{})
			if doc.Err != nil {
				t.Fatal(doc.Err)
			}
			if doc.Encoding != enc {
				t.Errorf("encoding %q, want %q", doc.Encoding, enc)
			}
			if len(doc.Lines) != 4 {
				t.Fatalf("%d lines, want 4", len(doc.Lines))
			}
			if got := doc.Lines[1]; got.N != 2 || got.Raw != "收入合计\t1, 085. 68" {
				t.Errorf("line 2 = %+v", got)
			}
			if got := doc.Lines[3].Text; got != "城乡居民医疗保险" {
				t.Errorf("line 4 text %q, want the OCR space removed", got)
			}
			if len(doc.SHA256) != 64 || doc.Bytes != int64(len(encode(t, enc))) {
				t.Errorf("sha256 %q, bytes %d", doc.SHA256, doc.Bytes)
			}
		})
	}
}

func TestReadLimits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("决算", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if doc := Read(context.Background(), path, Limits{MaxBytes: 100}); !errors.Is(doc.Err, ErrTooLarge) {
		t.Errorf("MaxBytes 100: err %v, want ErrTooLarge", doc.Err)
	}
	if doc := Read(context.Background(), path, Limits{MaxLineBytes: 100}); !errors.Is(doc.Err, ErrLineTooLong) {
		t.Errorf("MaxLineBytes 100: err %v, want ErrLineTooLong", doc.Err)
	}
	cells := filepath.Join(t.TempDir(), "cells.txt")
	if err := os.WriteFile(cells, []byte("决算\n"+strings.Repeat("1\t", 20)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if doc := Read(context.Background(), cells, Limits{MaxCells: 10}); !errors.Is(doc.Err, ErrTooManyCells) || !strings.Contains(doc.Err.Error(), "line 2") {
		t.Errorf("MaxCells 10: err %v, want ErrTooManyCells on line 2", doc.Err)
	}
	if doc := Read(context.Background(), cells, Limits{}); doc.Err != nil {
		t.Errorf("default limits: %v", doc.Err)
	}
}

// FuzzDecode checks the text reader on arbitrary bytes: it never panics,
// and what it accepts is valid UTF-8 split into numbered lines that join
// back to the decoded text.
func FuzzDecode(f *testing.F) {
	paths, _ := filepath.Glob("sample/seeds/*.txt")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data[:min(len(data), 2000)])
	}
	f.Add([]byte{0xFF, 0xFE, 0x41, 0x00})
	f.Add([]byte{0xEF, 0xBB, 0xBF, 0xB2, 0xC6})
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc, err := decode(data)
		if err != nil {
			return
		}
		if !utf8.ValidString(text) || enc == "" {
			t.Fatalf("decode gave invalid UTF-8 or no encoding (%q)", enc)
		}
		lines, err := splitLines(text, Limits{MaxLineBytes: 1 << 20})
		if err != nil {
			return
		}
		var raws []string
		for i, ln := range lines {
			if ln.N != i+1 {
				t.Fatalf("line %d numbered %d", i+1, ln.N)
			}
			raws = append(raws, ln.Raw)
		}
		norm := strings.TrimSuffix(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
		if strings.Join(raws, "\n") != norm {
			t.Fatal("lines do not join back to the text")
		}
	})
}
