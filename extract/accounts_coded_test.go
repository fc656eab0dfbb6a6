package extract

import (
	"slices"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
)

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

// TestPlaceValues places the values of rows that lost their empty cells
// by the template's row identities and the rows above and below them, and
// leaves a row whose evidence allows several placements unread.
func TestPlaceValues(t *testing.T) {
	fund := specOf(kindGovFund, fiscaldoc.Actual)
	spend := specOf(kindGeneral, fiscaldoc.Actual)
	fundCols := []string{"年初结转和结余", "本年收入", colExpTotal, colBasic, colProject, "年末结转和结余"}
	spendCols := []string{colExpTotal, colBasic, colProject}
	for _, tt := range []struct {
		name string
		spec *tableSpec
		cols []string
		vals []string
		code string
		got  map[string][]string
		want []string // nil: not placed
	}{
		{"fund: three equal amounts, its 款 prints income, spending and project",
			fund, fundCols, []string{"11.86", "11.86", "11.86"}, "229",
			map[string][]string{"22960": {"", "11.86", "11.86", "", "11.86", ""}},
			[]string{"", "11.86", "11.86", "", "11.86", ""}},
		{"fund: three equal amounts, its 类 prints income, spending and basic",
			fund, fundCols, []string{"5", "5", "5"}, "22960",
			map[string][]string{"229": {"", "5", "5", "5", "", ""}},
			[]string{"", "5", "5", "5", "", ""}},
		{"fund: three equal amounts, no other row: carry-over or income, basic or project",
			fund, fundCols, []string{"11.86", "11.86", "11.86"}, "229", nil, nil},
		{"fund: 类 prints carry-over and income, 款 both (the hierarchy allows two placements)",
			fund, fundCols, []string{"3", "3", "3"}, "22960",
			map[string][]string{"229": {"3", "3", "3", "3", "3", "3"}}, nil},
		{"spend: total and a part, the row below prints it as project",
			spend, spendCols, []string{"8", "8"}, "208",
			map[string][]string{"20805": {"8", "", "8"}},
			[]string{"8", "", "8"}},
		{"spend: total and a part, only the 类 above has room in basic",
			spend, spendCols, []string{"8", "8"}, "20805",
			map[string][]string{"208": {"10", "9", "1"}},
			[]string{"8", "8", ""}},
		{"spend: total and a part, nothing known",
			spend, spendCols, []string{"8", "8"}, "20805", nil, nil},
		{"spend: the identity fails wherever they stand",
			spend, spendCols, []string{"8", "3"}, "20805", nil, nil},
		{"a row as wide as the columns keeps its order",
			spend, spendCols, []string{"8", "3", "5"}, "20805", nil, []string{"8", "3", "5"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := placeValues(tt.spec, tt.cols, tt.vals, tt.code, tt.got)
			if !ok {
				got = nil
			}
			if !slices.Equal(got, tt.want) || ok != (tt.want != nil) {
				t.Errorf("placeValues(%v) = %q, %v; want %q", tt.vals, got, ok, tt.want)
			}
		})
	}
}
