package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// NSPodlove is the Podlove Simple Chapters namespace.
const NSPodlove = "http://podlove.org/simple-chapters"

// MaxChaptersSize is the largest chapters file onair reads.
const MaxChaptersSize = 1 << 20

// ErrChapters wraps every reason a chapters file cannot be read.
var ErrChapters = errors.New("chapters")

func chaptersErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrChapters, fmt.Sprintf(format, args...))
}

// ParseChapters reads a chapters file: Podcast Index JSON chapters when it
// starts with "{", else Podlove Simple Chapters (XML).
func ParseChapters(b []byte) ([]catalog.Chapter, error) {
	if len(b) > MaxChaptersSize {
		return nil, chaptersErr("file is over 1 MiB")
	}
	s := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\ufeff")))
	if bytes.HasPrefix(s, []byte("{")) {
		return ParseChaptersJSON(s)
	}
	if bytes.HasPrefix(s, []byte("<")) {
		return ParsePodlove(s)
	}
	return nil, chaptersErr("neither JSON chapters nor Podlove Simple Chapters")
}

// ParseChaptersJSON reads Podcast Index JSON chapters (version 1.x). The
// chapters keep their order; toc:false chapters are kept too.
func ParseChaptersJSON(b []byte) ([]catalog.Chapter, error) {
	var doc struct {
		Chapters *[]struct {
			StartTime *float64 `json:"startTime"`
			EndTime   float64  `json:"endTime"`
			Title     string   `json:"title"`
			Img       string   `json:"img"`
			URL       string   `json:"url"`
			// ArticleID is onair's own: a chapter that is a related article.
			ArticleID string `json:"article_id"`
		} `json:"chapters"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, chaptersErr("not JSON chapters: %v", err)
	}
	if doc.Chapters == nil {
		return nil, chaptersErr(`JSON chapters have a "chapters" list`)
	}
	out := make([]catalog.Chapter, 0, len(*doc.Chapters))
	for i, c := range *doc.Chapters {
		if c.StartTime == nil {
			return nil, chaptersErr("chapter %d has no startTime", i+1)
		}
		start, ok1 := secondsOf(*c.StartTime)
		end, ok2 := secondsOf(c.EndTime)
		if !ok1 || !ok2 {
			return nil, chaptersErr("chapter %d has a time that is not a number of seconds", i+1)
		}
		out = append(out, catalog.Chapter{Start: start, End: end, Title: strings.TrimSpace(c.Title),
			URL: strings.TrimSpace(c.URL), Image: strings.TrimSpace(c.Img), ArticleID: strings.TrimSpace(c.ArticleID)})
	}
	return out, nil
}

func secondsOf(s float64) (time.Duration, bool) {
	if math.IsNaN(s) || s < 0 || s > 1e8 {
		return 0, false
	}
	return time.Duration(math.Round(s*1000)) * time.Millisecond, true
}

// ParsePodlove reads Podlove Simple Chapters: a psc:chapters element (alone
// or anywhere in a document) with psc:chapter start="hh:mm:ss.mmm" title
// href image.
func ParsePodlove(b []byte) ([]catalog.Chapter, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []catalog.Chapter
	found := false
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			line, _ := dec.InputPos()
			return nil, chaptersErr("line %d: not XML: %v", line, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "chapters":
			found = true
		case "chapter":
			line, _ := dec.InputPos()
			c := catalog.Chapter{}
			start := ""
			for _, a := range el.Attr {
				switch a.Name.Local {
				case "start":
					start = a.Value
				case "title":
					c.Title = strings.TrimSpace(a.Value)
				case "href":
					c.URL = strings.TrimSpace(a.Value)
				case "image":
					c.Image = strings.TrimSpace(a.Value)
				}
			}
			d, err := ParseNormalPlayTime(start)
			if err != nil {
				return nil, chaptersErr("line %d: chapter start: %v", line, err)
			}
			c.Start = d
			out = append(out, c)
		}
	}
	if !found {
		return nil, chaptersErr("no psc:chapters element")
	}
	return out, nil
}

// ParseNormalPlayTime reads the times chapters are typed in: seconds
// ("95.5"), mm:ss or hh:mm:ss, each optionally with .mmm.
func ParseNormalPlayTime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a time like 12:34 or 1:02:03.500", s)
	if s == "" || len(s) > 20 {
		return 0, bad
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var ms int64
	if hasFrac {
		if frac == "" || len(frac) > 3 {
			return 0, bad
		}
		n, err := strconv.ParseUint(frac+strings.Repeat("0", 3-len(frac)), 10, 16)
		if err != nil {
			return 0, bad
		}
		ms = int64(n)
	}
	parts := strings.Split(whole, ":")
	if len(parts) > 3 {
		return 0, bad
	}
	var secs int64
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil || p == "" || p[0] == '+' || (i > 0 && (len(p) != 2 || n > 59)) {
			return 0, bad
		}
		secs = secs*60 + int64(n)
	}
	return time.Duration(secs)*time.Second + time.Duration(ms)*time.Millisecond, nil
}

// NormalPlayTime writes d as Podlove wants it: hh:mm:ss.mmm.
func NormalPlayTime(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// Podlove renders chapters as a standalone Podlove Simple Chapters file.
func Podlove(chs []catalog.Chapter) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x := pscChaptersOf(chs)
	if x == nil {
		x = &pscChapters{Version: "1.2"}
	}
	x.NS = NSPodlove
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	_ = enc.Encode(x) // attributes of plain strings: cannot fail
	b.WriteString("\n")
	return b.Bytes()
}
