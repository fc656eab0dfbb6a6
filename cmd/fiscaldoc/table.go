package main

import (
	"io"
	"strings"

	"golang.org/x/text/width"
)

// displayWidth is the number of terminal columns s takes: two for wide
// (CJK) characters, one for the others.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// writeTable prints rows under header in columns aligned by display width
// (text/tabwriter counts a CJK character as one column). Tabs and newlines
// inside cells are shown as spaces.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	widths := make([]int, len(header))
	clean := func(s string) string { return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s) }
	all := append([][]string{header}, rows...)
	for _, row := range all {
		for i, c := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], displayWidth(clean(c)))
			}
		}
	}
	var b strings.Builder
	for _, row := range all {
		b.Reset()
		for i, c := range row {
			c = clean(c)
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
