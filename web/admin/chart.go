package admin

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// chartPoint is one bar of a chart.
type chartPoint struct {
	Label string // e.g. the day, 2006-01-02
	Count int64
}

// barChart draws counts as an SVG bar chart on the server: no chart library
// and no JavaScript, so it also prints and shows in screenshots. Every bar
// has a <title> with its exact value.
func barChart(points []chartPoint, caption string) template.HTML {
	const w, h, left, bottom, top = 720.0, 240.0, 44.0, 28.0, 12.0
	var maxV int64
	for _, p := range points {
		maxV = max(maxV, p.Count)
	}
	scale := niceCeil(maxV)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, w, h, html.EscapeString(caption))
	// Its look is in admin.css (.chart svg): the pages' CSP refuses a
	// <style> element.
	plotH := h - bottom - top
	for i := 0; i <= 4; i++ {
		v := scale * int64(i) / 4
		y := top + plotH - plotH*float64(i)/4
		fmt.Fprintf(&b, `<line class="g" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"/><text x="%.0f" y="%.1f" text-anchor="end">%d</text>`,
			left, w, y, y, left-6, y+4, v)
	}
	n := len(points)
	if n > 0 {
		slot := (w - left) / float64(n)
		bar := max(slot*0.75, 1)
		every := max(1, (n+9)/10) // at most about ten labels
		for i, p := range points {
			x := left + slot*float64(i) + (slot-bar)/2
			bh := 0.0
			if scale > 0 {
				bh = plotH * float64(p.Count) / float64(scale)
			}
			fmt.Fprintf(&b, `<rect class="b" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d</title></rect>`,
				x, top+plotH-bh, bar, bh, html.EscapeString(p.Label), p.Count)
			if i%every == 0 {
				label := p.Label
				if len(label) == 10 && label[4] == '-' { // a day: show MM-DD
					label = label[5:]
				}
				fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle">%s</text>`, x+bar/2, h-bottom+16, html.EscapeString(label))
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceCeil rounds v up to a round axis maximum: 1, 2 or 5 times a power of
// ten, and at least 4 so the four grid steps are whole numbers.
func niceCeil(v int64) int64 {
	if v <= 4 {
		return 4
	}
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if c := m * p * 4; c >= v {
				return c
			}
		}
	}
}
