package main

import (
	"context"
	"fmt"

	"github.com/fiscaldoc/fiscaldoc/corpus/synth"
)

// synth writes a synthetic corpus and its gold facts:
//
//	fiscaldoc synth -n 1000 -seed 1 -out /tmp/syn
//	fiscaldoc ingest -db syn.db /tmp/syn
//	fiscaldoc eval -db syn.db -gold /tmp/syn/gold.jsonl
func (m *Main) synth(_ context.Context, args []string) error {
	fs := m.flags("synth")
	n := fs.Int("n", 100, "number of documents")
	seed := fs.Int64("seed", 1, "seed: the same seed and n give the same files")
	out := fs.String("out", "", "directory to write the documents and gold.jsonl into")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || *n < 0 || fs.NArg() > 0 {
		return fmt.Errorf("%w: synth needs -out DIR and -n ≥ 0", ErrUsage)
	}
	facts, err := synth.Write(*out, *n, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s: %d documents, %d gold facts in gold.jsonl\n", *out, *n, facts)
	return nil
}
