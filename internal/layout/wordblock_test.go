package layout

import "testing"

// TestWordBlockBreaksCJK: a run of CJK characters is no word that
// WordBlock keeps whole by widening the block (lines break between them as
// at spaces): it wraps at max; a long Latin word still widens the block.
func TestWordBlockBreaksCJK(t *testing.T) {
	env := DefaultEnv()
	size := env.Theme.SmallFontSize
	for _, text := range []string{
		"计算完成后将结果写入持久化存储并发送确认消息给上游服务以便继续处理",
		"很长的中文标签用于测试换行是否正确处理",
		"APAC 完成：一万二千条记录，无差异，全部账本已经对账",
	} {
		b := env.WordBlock(text, size, false, 150, 260)
		if b.W > 150+1e-9 || len(b.Lines) < 2 {
			t.Errorf("WordBlock(%q) is %.0f px wide in %d lines, want at most 150 in two or more", text, b.W, len(b.Lines))
		}
	}
	long := "Geschwindigkeitsbegrenzungsauswirkungen"
	if b := env.WordBlock(long, size, false, 150, 260); len(b.Lines) != 1 || b.W <= 150 {
		t.Errorf("WordBlock(%q) = %q (%.0f px): want the word whole on one line wider than 150", long, b.Lines, b.W)
	}
}
