package normalize

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// The traditional ↔ simplified character table of traditional-character
// mirrors (SHAPES.md 8): OpenCC's TSCharacters (opencc/README.md), read
// once, character by character.
//
//	Simplified('撥') → '拨', true
//	Traditional('拨') → '撥', true
//	Traditional('表') → '表', false   (表 is printed as it is)

//go:embed opencc/TSCharacters.txt
var tsCharacters string

var (
	tsOnce sync.Once
	tsMap  map[rune]rune
	stMap  map[rune]rune
	tsBMP  [0x10000 / 64]uint64 // a bit per rune below 0x10000: in tsMap
)

// stPreferred chooses the traditional form of a simplified character that
// several traditional ones fold to, where the fiscal vocabulary needs it
// (发 of 发展 and 发放 is 發, not 髮).
var stPreferred = map[rune]rune{
	'发': '發', '干': '幹', '历': '歷', '采': '採', '复': '複', '汇': '匯', '获': '獲',
	'冲': '衝', '里': '裡', '台': '臺', '几': '幾', '划': '劃', '准': '準', '范': '範',
	'脏': '髒', '尽': '盡', '团': '團', '斗': '鬥', '钟': '鐘', '只': '隻', '系': '系', '合': '合', '家': '家', '旗': '旗', '同': '同', '彩': '彩', '局': '局', '教': '教', '修': '修', '念': '念', '核': '核', '千': '千',
	'纤': '纖', '须': '須', '松': '鬆', '坛': '壇', '蒙': '蒙', '面': '面', '表': '表', '制': '制',
	'征': '征', '余': '餘', '后': '後', '云': '雲', '游': '遊', '闲': '閑', '注': '注', '凄': '淒',
	'群': '群', '占': '佔', '周': '周', '向': '向', '困': '困', '谷': '谷', '才': '才', '卷': '卷', '丑': '醜', '为': '為', '奖': '獎', '出': '出', '借': '借', '了': '了', '于': '於', '咨': '諮', '拐': '柺', '恶': '惡', '胡': '胡', '朴': '樸', '克': '克', '布': '布', '沈': '沈', '当': '當', '并': '並', '愿': '願', '郁': '鬱', '御': '御', '吁': '籲', '岩': '巖', '杆': '杆', '舍': '舍', '奸': '奸', '伙': '夥', '涌': '湧', '致': '致', '症': '症', '着': '著', '咸': '鹹', '烟': '煙', '挂': '掛', '痴': '癡', '它': '它', '扎': '扎', '托': '託', '叹': '嘆',
}

// Simplified returns the simplified character of a traditional one and
// true, or r and false when r is no traditional character of the table.
func Simplified(r rune) (rune, bool) {
	tsOnce.Do(loadTS)
	if r < 0x10000 && tsBMP[r/64]&(1<<(r%64)) == 0 {
		return r, false // most characters: no map look-up
	}
	if s, ok := tsMap[r]; ok {
		return s, true
	}
	return r, false
}

// Traditional returns the traditional character a mirror prints for a
// simplified one and true, or r and false when the mirror keeps r (it
// has no traditional form, or its form is r itself, as for 表 and 制).
// Simplified(Traditional(r)) is r.
func Traditional(r rune) (rune, bool) {
	tsOnce.Do(loadTS)
	t, ok := stMap[r]
	if !ok || t == r {
		return r, false
	}
	return t, true
}

func loadTS() {
	tsMap = map[rune]rune{}
	sources := map[rune][]rune{} // simplified → its traditional forms, in file order
	for _, line := range strings.Split(tsCharacters, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		kr, _ := utf8.DecodeRuneInString(k)
		vr, _ := utf8.DecodeRuneInString(v)
		if !ok || kr == utf8.RuneError || vr == utf8.RuneError {
			panic(fmt.Sprintf("normalize: bad line in opencc/TSCharacters.txt: %q", line))
		}
		tsMap[kr] = vr
		sources[vr] = append(sources[vr], kr)
		if kr < 0x10000 {
			tsBMP[kr/64] |= 1 << (kr % 64)
		}
	}
	stMap = map[rune]rune{}
	for s, ts := range sources {
		switch p, ok := stPreferred[s]; {
		case ok && (p == s || tsMap[p] == s):
			stMap[s] = p
		case len(ts) == 1:
			stMap[s] = ts[0]
		}
	}
}
