package feeds

import (
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// pscChapters is an item's Podlove Simple Chapters (psc:chapters), which
// Spotify and many apps read where they read no JSON chapters.
type pscChapters struct {
	XMLName  xml.Name     `xml:"psc:chapters"`
	NS       string       `xml:"xmlns:psc,attr,omitempty"`
	Version  string       `xml:"version,attr"`
	Chapters []pscChapter `xml:"psc:chapter"`
}

type pscChapter struct {
	Start string `xml:"start,attr"`
	Title string `xml:"title,attr"`
	Href  string `xml:"href,attr,omitempty"`
	Image string `xml:"image,attr,omitempty"`
}

func pscChaptersOf(chs []catalog.Chapter) *pscChapters {
	if len(chs) == 0 {
		return nil
	}
	x := &pscChapters{Version: "1.2"}
	for _, c := range chs {
		x.Chapters = append(x.Chapters, pscChapter{Start: NormalPlayTime(c.Start), Title: clean(c.Title),
			Href: clean(c.URL), Image: clean(c.Image)})
	}
	return x
}

// ChapterLines are the chapters as "00:00 Title" lines, the timestamps
// Spotify and YouTube read in show notes.
func ChapterLines(chs []catalog.Chapter) []string {
	var out []string
	for _, c := range chs {
		out = append(out, clock(c.Start)+" "+strings.TrimSpace(c.Title))
	}
	return out
}

// clock is mm:ss, or h:mm:ss from an hour on.
func clock(d interface{ Seconds() float64 }) string {
	s := int64(d.Seconds())
	if s >= 3600 {
		return itoa(s/3600) + ":" + two(s/60%60) + ":" + two(s%60)
	}
	return two(s/60) + ":" + two(s%60)
}

func two(n int64) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
