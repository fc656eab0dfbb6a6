package extract

import (
	"fmt"
	"os"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
)

func TestZZDebugRows(t *testing.T) {
	p := os.Getenv("ROWS")
	if p == "" {
		t.Skip()
	}
	d := testutil.Process(t, p, func(d *fiscaldoc.Document) { extractMeta(d) }, noCheck)
	for _, r := range unflatten(seRows(d)) {
		fmt.Printf("%d-%d %v\n", r.first+1, r.last+1, r.cells)
	}
}
