package normalize

import (
	"strings"
	"sync"
	"testing"
)

var (
	segOnce sync.Once
	seg     *Segmenter
	segErr  error
)

func testSegmenter(tb testing.TB) *Segmenter {
	tb.Helper()
	segOnce.Do(func() { seg, segErr = NewSegmenter() })
	if segErr != nil {
		tb.Fatal(segErr)
	}
	return seg
}

func TestSegmenter(t *testing.T) {
	s := testSegmenter(t)
	tests := []struct{ in, want string }{
		{"湟源县医疗保障局2023年部门绩效自评报告", "湟源县 医疗保障局 2023 年 部门 绩效自评 报告"},
		{"城乡医疗救助资金，执行率100%。", "城乡 医疗救助 资金 执行率 100"},
		{"一般公共预算财政拨款支出决算表", "一般公共预算财政拨款 支出 决算表"},
	}
	for _, tt := range tests {
		if got := s.Tokens(tt.in); got != tt.want {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := s.Tokens("  ，。"); strings.TrimSpace(got) != "" {
		t.Errorf("Tokens of punctuation = %q, want empty", got)
	}
}
