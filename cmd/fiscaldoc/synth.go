package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/fiscaldoc/fiscaldoc/corpus/synth"
)

// synth writes a synthetic corpus and its gold facts:
//
//	fiscaldoc synth -n 1000 -seed 1 -out /tmp/syn
//	fiscaldoc ingest -db syn.db /tmp/syn
//	fiscaldoc eval -db syn.db -gold /tmp/syn/gold.jsonl
//
// -shape writes the tables in one shape of SHAPES.md (tab, cells-blank,
// cells, pipe, flat, runtogether, preamble, trad), or all of them mixed;
// -kind writes documents of one kind only (final_accounts, dept_budget,
// dept_perf_self_eval, project_perf_self_eval), else the four mixed.
func (m *Main) synth(_ context.Context, args []string) error {
	fs := m.flags("synth")
	n := fs.Int("n", 100, "number of documents")
	seed := fs.Int64("seed", 1, "seed: the same seed and n give the same files")
	out := fs.String("out", "", "directory to write the documents and gold.jsonl into")
	shape := fs.String("shape", synth.Sample, "shape of the tables: "+strings.Join(synth.Shapes, ", ")+", or all")
	kind := fs.String("kind", "", "write documents of one kind only: "+strings.Join(synth.Kinds, ", ")+" (default: all four mixed)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *out == "" || *n < 0 || !synth.ValidShape(*shape) || !synth.ValidKind(*kind) {
		return fmt.Errorf("%w: synth needs -out DIR, -n ≥ 0, a -shape of %s or all, and a -kind of %s or none",
			ErrUsage, strings.Join(synth.Shapes, ", "), strings.Join(synth.Kinds, ", "))
	}
	facts, err := synth.WriteShape(*out, *n, *seed, *shape, *kind)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s: %d documents, %d gold facts in gold.jsonl\n", *out, *n, facts)
	return nil
}
