package web

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestNiceCeil(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{
		{0, 4}, {3, 4}, {5, 8}, {9, 20}, {21, 40}, {150, 200}, {1001, 2000},
	} {
		if got := niceCeil(tc.in); got != tc.want {
			t.Errorf("niceCeil(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestBarChartIsSVG(t *testing.T) {
	for _, tc := range []struct {
		name   string
		points []chartPoint
		bars   int
	}{
		{"empty", nil, 0},
		{"zeros", []chartPoint{{"2026-01-01", 0}, {"2026-01-02", 0}}, 2},
		{"days", []chartPoint{{"2026-01-01", 3}, {"2026-01-02", 17}, {"2026-01-03", 5}}, 3},
		{"escaped", []chartPoint{{`<script>"x"</script>`, 1}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svg := string(barChart(tc.points, "Downloads & more"))
			var doc struct {
				XMLName xml.Name
				Rects   []struct {
					Title string `xml:"title"`
				} `xml:"rect"`
			}
			if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
				t.Fatalf("not well-formed XML: %v\n%s", err, svg)
			}
			if doc.XMLName.Local != "svg" || len(doc.Rects) != tc.bars {
				t.Fatalf("got <%s> with %d bars, want svg with %d", doc.XMLName.Local, len(doc.Rects), tc.bars)
			}
			if strings.Contains(svg, "<script>") {
				t.Fatal("label not escaped")
			}
		})
	}
}
