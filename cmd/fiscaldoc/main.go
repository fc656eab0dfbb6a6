// Command fiscaldoc ingests Chinese government fiscal reports (部门决算,
// 绩效自评) into one SQLite database and lists, checks and scores what it
// extracted.
//
//	fiscaldoc ingest [-db fiscal.db] [-workers N] [-prune] [-v] PATH...
//	fiscaldoc facts  [-db fiscal.db] [-format jsonl|csv|table|xlsx] [-bom=false]
//	fiscaldoc eval   -gold G.jsonl[,G2.jsonl] [-db fiscal.db | -facts F.jsonl] [-misses]
//	fiscaldoc checks [-db fiscal.db] [-all] [-format table|csv|jsonl|xlsx]
//	fiscaldoc repairs [-db fiscal.db] [-format table|csv|jsonl|xlsx]
//	fiscaldoc query [-db fiscal.db] [-format table|csv|jsonl|xlsx] "SELECT …" ...
//	fiscaldoc search [-db fiscal.db] [-limit N] TEXT
//	fiscaldoc fields
//	fiscaldoc metadata [-db fiscal.db] > metadata.json
//	fiscaldoc synth -n N -seed S [-shape NAME] [-kind KIND] -out DIR
//	fiscaldoc tables FILE...
//	fiscaldoc serve [-db fiscal.db] [-addr 127.0.0.1:8080]
//	fiscaldoc version
//
// Flags may stand anywhere among a command's arguments; -- ends them.
//
// Exit status: 0 when every document was read, 1 when some failed or a
// command failed, 2 on usage errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// ErrUsage marks errors in the command line; they exit with status 2.
var ErrUsage = errors.New("usage")

// ErrSomeFailed is returned by ingest when some documents could not be read.
var ErrSomeFailed = errors.New("some documents failed")

// Main is the command with its streams, so tests can run it.
type Main struct {
	Stdout, Stderr io.Writer
	// IsTerminal reports whether Stderr is a terminal (progress bar shown).
	IsTerminal bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, IsTerminal: isTerminal(os.Stderr)}
	err := m.Run(ctx, os.Args[1:])
	switch {
	case err == nil:
	case errors.Is(err, ErrUsage):
		fmt.Fprintln(os.Stderr, "fiscaldoc:", err)
		os.Exit(2)
	case errors.Is(err, flag.ErrHelp):
		// -h: the usage was asked for and printed.
	default:
		fmt.Fprintln(os.Stderr, "fiscaldoc:", err)
		os.Exit(1)
	}
}

// commands lists every command: what it does and what it takes (the usage
// and each command's -h).
var commands = []struct{ name, does, takes string }{
	{"ingest", "read reports into the database", "[-db F] [-workers N] [-prune] [-v] [-max-bytes N] [-max-line N] [-max-cells N] [-pdf-time D] [-max-glyphs N] PATH..."},
	{"facts", "print the stored facts", "[-db F] [-format jsonl|csv|table|xlsx] [-bom=false]"},
	{"eval", "score facts against gold facts", "-gold G.jsonl[,G2.jsonl] [-db F | -facts F.jsonl] [-misses]"},
	{"checks", "list failed accounting checks", "[-db F] [-all] [-format table|csv|jsonl|xlsx] [-bom=false]"},
	{"repairs", "list OCR repairs", "[-db F] [-format table|csv|jsonl|xlsx] [-bom=false]"},
	{"query", "run read-only SQL queries", `[-db F] [-format table|csv|jsonl|xlsx] [-bom=false] "SELECT …" ...`},
	{"search", "lines that hold a printed string", "[-db F] [-limit N] [-format table|csv|jsonl|xlsx] [-bom=false] TEXT"},
	{"fields", "print the field dictionary", ""},
	{"metadata", "print Datasette metadata (JSON)", "[-db F] > metadata.json"},
	{"synth", "write a synthetic corpus and its gold", "-n N -seed S [-shape NAME] [-kind KIND] -out DIR"},
	{"tables", "show the tables read from files", "FILE..."},
	{"serve", "browse the database in a web browser", "[-db F] [-addr 127.0.0.1:8080]"},
	{"version", "print the version", ""},
}

var usage = func() string {
	var b strings.Builder
	b.WriteString("usage: fiscaldoc <command> [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-9s%-40s fiscaldoc %s %s\n", c.name, c.does, c.name, c.takes)
	}
	b.WriteString("\nFlags may stand before or after a command's arguments; -- ends them.")
	b.WriteString("\nfiscaldoc <command> -h describes a command's flags.")
	return b.String()
}()

// Run runs one command.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(m.Stderr, usage)
		return fmt.Errorf("%w: no command", ErrUsage)
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "ingest":
		return m.ingest(ctx, args)
	case "facts":
		return m.facts(ctx, args)
	case "eval":
		return m.eval(ctx, args)
	case "checks":
		return m.checks(ctx, args)
	case "repairs":
		return m.repairs(ctx, args)
	case "query":
		return m.query(ctx, args)
	case "metadata":
		return m.metadata(ctx, args)
	case "search":
		return m.search(ctx, args)
	case "fields":
		return m.fields(ctx, args)
	case "synth":
		return m.synth(ctx, args)
	case "tables":
		return m.tables(ctx, args)
	case "serve":
		return m.serve(ctx, args)
	case "version":
		fmt.Fprintln(m.Stdout, "fiscaldoc", toolVersion())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(m.Stdout, usage)
		return nil
	}
	fmt.Fprintln(m.Stderr, usage)
	return fmt.Errorf("%w: unknown command %q", ErrUsage, cmd)
}

// flags returns a flag set that reports errors as usage errors and whose
// -h says what the command does and takes.
func (m *Main) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(fs.Output(), "fiscaldoc %s: %s\nusage: fiscaldoc %s %s\n", name, c.does, name, c.takes)
			}
		}
		fmt.Fprintln(fs.Output(), "flags (before or after the arguments; -- ends them):")
		fs.PrintDefaults()
	}
	return fs
}

// parse parses the command's flags wherever they stand among its
// arguments, as most command lines do ("fiscaldoc ingest corpus/ -db x.db"):
// package flag alone stops at the first argument that is not a flag and
// would read -db and x.db as paths. "--" ends the flags: what follows is
// an argument even when it starts with "-". fs.Args() returns the
// arguments, in order.
func parse(fs *flag.FlagSet, args []string) error {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
		left := fs.Args()
		if len(left) == 0 {
			break
		}
		if read := len(args) - len(left); read > 0 && args[read-1] == "--" {
			rest = append(rest, left...)
			break
		}
		rest, args = append(rest, left[0]), left[1:]
	}
	return fs.Parse(append([]string{"--"}, rest...)) // fs.Args() is rest
}

// parseNoArgs parses the flags of a command that takes no arguments and
// refuses any (a database named without -db would otherwise be ignored).
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: %s takes no arguments, got %q", ErrUsage, fs.Name(), fs.Args())
	}
	return nil
}
