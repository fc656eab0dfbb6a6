package normalize

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
)

// BenchmarkDocument runs the Document stage over the sample's text.
func BenchmarkDocument(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join("..", "corpus", "sample", "*", "*.txt"))
	var texts [][]string
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		size += len(data)
		texts = append(texts, strings.Split(string(data), "\n"))
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, lines := range texts {
			doc := &fiscaldoc.Document{Lines: make([]fiscaldoc.Line, len(lines))}
			for i, s := range lines {
				doc.Lines[i] = fiscaldoc.Line{N: i + 1, Raw: s, Text: s}
			}
			Document(doc)
		}
	}
}
