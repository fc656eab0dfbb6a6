package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A sheet is a table to export: named columns, each cell a string, int64,
// float64 or nil (NULL), as SQLite gave it.
type sheet struct {
	name   string
	header []string
	rows   [][]any
	// narrow gives some columns of the table format a width of their own
	// (cut with "…"), or hides them (-1), so the table fits a terminal.
	narrow map[string]int
}

// exportFlags adds -format and -bom to a command's flags.
type exportFlags struct {
	format *string
	bom    *bool
}

func addExportFlags(fs *flag.FlagSet, def string) exportFlags {
	return exportFlags{
		format: fs.String("format", def, "output format: table, csv, jsonl or xlsx"),
		bom:    fs.Bool("bom", true, "begin CSV with a UTF-8 byte order mark, so that Excel reads it as UTF-8"),
	}
}

func (e exportFlags) check() error {
	switch *e.format {
	case "table", "csv", "jsonl", "xlsx":
		return nil
	}
	return fmt.Errorf("%w: -format %q: want table, csv, jsonl or xlsx", ErrUsage, *e.format)
}

// tableCellWidth is the widest cell the table format prints, in terminal
// columns: longer ones are cut with "…" (the other formats keep them whole).
const tableCellWidth = 60

// write writes the sheets in the format asked for. xlsx puts each sheet on
// a worksheet of its own; csv and jsonl take one sheet.
func (e exportFlags) write(w io.Writer, sheets ...sheet) error {
	if len(sheets) > 1 && (*e.format == "csv" || *e.format == "jsonl") {
		return fmt.Errorf("%w: -format %s writes one table; use xlsx for several", ErrUsage, *e.format)
	}
	switch *e.format {
	case "csv":
		return writeCSV(w, sheets[0], *e.bom)
	case "jsonl":
		return writeJSONL(w, sheets[0])
	case "xlsx":
		return writeXLSX(w, sheets)
	}
	for i, s := range sheets {
		if i > 0 {
			fmt.Fprintln(w)
		}
		var header []string
		var cols []int
		for c, h := range s.header {
			if s.narrow[h] >= 0 {
				header = append(header, h)
				cols = append(cols, c)
			}
		}
		rows := make([][]string, len(s.rows))
		for r, row := range s.rows {
			rows[r] = make([]string, len(cols))
			for i, c := range cols {
				width := tableCellWidth
				if n := s.narrow[s.header[c]]; n > 0 {
					width = n
				}
				rows[r][i] = cut(text(row[c]), width)
			}
		}
		if err := writeTable(w, header, rows); err != nil {
			return err
		}
	}
	return nil
}

// text is the printed form of a cell: numbers in the shortest form that
// reads back the same, NULL empty.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []byte:
		return string(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// cut shortens s to at most width terminal columns, ending it with "…".
func cut(s string, width int) string {
	s = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
	if displayWidth(s) <= width {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		w := displayWidth(string(r))
		if n+w > width-1 {
			break
		}
		b.WriteRune(r)
		n += w
	}
	return b.String() + "…"
}

func writeCSV(w io.Writer, s sheet, bom bool) error {
	bw := bufio.NewWriter(w)
	if bom {
		bw.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(bw)
	cw.Write(s.header)
	rec := make([]string, len(s.header))
	for _, row := range s.rows {
		for i, v := range row {
			rec[i] = text(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeJSONL writes one JSON object a row, its keys in column order and
// NULLs left out.
func writeJSONL(w io.Writer, s sheet) error {
	bw := bufio.NewWriter(w)
	var b strings.Builder
	for _, row := range s.rows {
		b.Reset()
		b.WriteByte('{')
		first := true
		for i, v := range row {
			if v == nil {
				continue
			}
			if raw, ok := v.([]byte); ok {
				v = string(raw)
			}
			k, _ := json.Marshal(s.header[i])
			val, err := marshal(v)
			if err != nil {
				return err
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.Write(k)
			b.WriteByte(':')
			b.Write(val)
		}
		b.WriteString("}\n")
		if _, err := bw.WriteString(b.String()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// marshal encodes v as JSON without escaping <, > and &.
func marshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// maxSheetRows is the most rows a worksheet holds (Excel's limit, header
// included).
const maxSheetRows = 1 << 20

// writeXLSX writes the sheets as an Excel workbook, one worksheet each,
// numbers as numbers.
func writeXLSX(w io.Writer, sheets []sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if len(s.rows)+1 > maxSheetRows {
			return fmt.Errorf("xlsx: %s has %d rows, more than a worksheet holds (%d): use -format csv", s.name, len(s.rows), maxSheetRows-1)
		}
		name := sheetName(s.name, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		header := make([]any, len(s.header))
		for c, h := range s.header {
			header[c] = h
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		for r, row := range s.rows {
			cells := make([]any, len(row))
			for c, v := range row {
				switch v := v.(type) {
				case []byte:
					cells[c] = string(v)
				default:
					cells[c] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// sheetName makes a worksheet name of name: at most 31 characters, none of
// []:*?/\, and not empty.
func sheetName(name string, i int) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" {
		name = "sheet" + strconv.Itoa(i+1)
	}
	return name
}

// querySheet runs query and returns its rows as a sheet named name.
func querySheet(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, name, query string, args ...any) (sheet, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return sheet{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return sheet{}, err
	}
	s := sheet{name: name, header: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return sheet{}, err
		}
		s.rows = append(s.rows, vals)
	}
	if err := rows.Err(); err != nil {
		return sheet{}, err
	}
	if len(cols) == 0 {
		return sheet{}, errors.New("the statement returns no columns")
	}
	return s, nil
}
