package place

import (
	"math"
	"testing"
)

// The pairs that OCR confused in the sample reports, with what the Unihan
// measure says of them. Only some look alike by this measure; the repairs
// of the others rest on context (see repair.go).
func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b    rune
		want    float64
		similar bool
	}{
		{'潼', '湟', 0.75, true},
		{'決', '决', 0.625, true},
		{'潢', '湟', 0.5625, true},
		{'日', '目', 0.5, true},
		{'川', '山', 0.25, false},
		{'刊', '功', 0.1875, false},
		{'凹', '码', 0.125, false},
		{'镇', '湟', 0, false},
		{'川', '源', 0, false},
		{'己', '已', 1, true},
		{'湟', '湟', 1, true},
		{'a', '湟', 0, false},
	}
	for _, tt := range tests {
		got := Similarity(tt.a, tt.b)
		if math.Abs(got-tt.want) > 1e-9 || (got >= SimilarAt) != tt.similar {
			t.Errorf("Similarity(%c, %c) = %v, want %v (similar %v)", tt.a, tt.b, got, tt.want, tt.similar)
		}
		if rev := Similarity(tt.b, tt.a); rev != got {
			t.Errorf("Similarity(%c, %c) = %v, not symmetric (%v)", tt.b, tt.a, rev, got)
		}
	}
}
