package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
)

// flagsOf returns the flags a command's -h lists, and checks that -h
// succeeds and says what the command does.
func flagsOf(t *testing.T, cmd string) []string {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut}
	err := m.Run(context.Background(), []string{cmd, "-h"})
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("%s -h: %v, want flag.ErrHelp (exit status 0)", cmd, err)
	}
	if !strings.HasPrefix(errOut.String(), "fiscaldoc "+cmd+": ") {
		t.Errorf("%s -h does not say what the command does:\n%s", cmd, errOut.String())
	}
	var flags []string
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(errOut.String(), -1) {
		flags = append(flags, m[1])
	}
	return flags
}

// TestHelpAgrees (issue 17): each command's -h, the usage line of the
// command list and the README name the same flags, and the README names
// no flag a command lacks.
func TestHelpAgrees(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(testutil.Root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	flagRe := regexp.MustCompile(`(?:^|[\s\[|` + "`" + `])-([a-z][a-z-]*)`)
	names := func(s string) []string {
		var out []string
		for _, m := range flagRe.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
		slices.Sort(out)
		return out
	}
	for _, c := range commands {
		if c.name == "version" {
			continue
		}
		flags := flagsOf(t, c.name)
		slices.Sort(flags)
		if got := names(c.takes); !slices.Equal(got, flags) {
			t.Errorf("%s: the usage names %v, -h lists %v", c.name, got, flags)
		}
		// Every command line of the README uses flags the command has.
		for _, line := range regexp.MustCompile(`(?m)^\./fiscaldoc `+c.name+`\b[^\n]*`).FindAllString(string(readme), -1) {
			for _, f := range names(line) {
				if !slices.Contains(flags, f) {
					t.Errorf("README: %q uses -%s, which %s -h does not list", line, f, c.name)
				}
			}
		}
	}
	// The README's paragraph on ingest's flags names each of them.
	para := regexp.MustCompile("(?s)`ingest` flags:.*?\n\n").FindString(string(readme))
	if got, want := names(para), flagsOf(t, "ingest"); !slices.Equal(got, sorted(want)) {
		t.Errorf("README's ingest flags %v, -h lists %v", got, sorted(want))
	}
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
