package extract

import "testing"

// TestMostCommon pins the tie rule the readers rely on: the value that
// first reaches the highest count wins, and no value gives the zero value.
func TestMostCommon(t *testing.T) {
	for _, tt := range []struct {
		in   []int
		want int
	}{
		{nil, 0},
		{[]int{3}, 3},
		{[]int{2, 5, 5}, 5},
		{[]int{5, 2, 2, 5}, 2},
		{[]int{1, 0}, 1},
		{[]int{0, 1}, 0},
	} {
		if got := mostCommon(tt.in); got != tt.want {
			t.Errorf("mostCommon(%v) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
