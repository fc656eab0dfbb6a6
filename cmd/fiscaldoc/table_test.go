package main

import (
	"strings"
	"testing"
)

func TestWriteTable(t *testing.T) {
	var b strings.Builder
	if err := writeTable(&b, []string{"raw", "repaired"}, [][]string{{"潢川县", "湟源县"}, {"a\tb", "x"}}); err != nil {
		t.Fatal(err)
	}
	want := "raw     repaired\n潢川县  湟源县\na b     x\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
