package admin

import (
	"encoding/xml"
	"reflect"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
)

func TestNiceCeil(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want int64 }{
		{0, 4}, {3, 4}, {5, 8}, {9, 20}, {21, 40}, {150, 200}, {1001, 2000},
	} {
		if got := niceCeil(tc.in); got != tc.want {
			t.Errorf("niceCeil(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestBarChartIsSVG(t *testing.T) {
	t.Parallel()
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

func TestShowFormLists(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []catalog.Person
		back string
	}{
		{"", nil, ""},
		{"Ana | host\n\n  Bo|guest|cast|https://bo.example|https://bo.example/b.jpg  \n", []catalog.Person{
			{Name: "Ana", Role: "host"},
			{Name: "Bo", Role: "guest", Group: "cast", Href: "https://bo.example", Img: "https://bo.example/b.jpg"},
		}, "Ana | host\nBo | guest | cast | https://bo.example | https://bo.example/b.jpg\n"},
		{"Cy", []catalog.Person{{Name: "Cy"}}, "Cy\n"},
	} {
		got := parsePersons(tc.in)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parsePersons(%q) = %+v", tc.in, got)
		}
		if back := personsText(got); back != tc.back || !reflect.DeepEqual(parsePersons(back), got) {
			t.Errorf("personsText = %q, want %q", back, tc.back)
		}
	}
	f := parseFunding("https://a.example/give Support us\n\nhttps://b.example\n")
	want := []catalog.Funding{{URL: "https://a.example/give", Title: "Support us"}, {URL: "https://b.example"}}
	if !reflect.DeepEqual(f, want) || !reflect.DeepEqual(parseFunding(fundingText(f)), f) {
		t.Errorf("parseFunding = %+v", f)
	}
}
