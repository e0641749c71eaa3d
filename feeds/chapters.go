package feeds

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// chaptersDoc is a Podcasting 2.0 JSON chapters file (version 1.2.0).
type chaptersDoc struct {
	Version  string        `json:"version"`
	Title    string        `json:"title,omitempty"`
	Podcast  string        `json:"podcastName,omitempty"`
	Chapters []jsonChapter `json:"chapters"`
}

type jsonChapter struct {
	StartTime float64 `json:"startTime"`
	EndTime   float64 `json:"endTime,omitempty"`
	Title     string  `json:"title"`
	Img       string  `json:"img,omitempty"`
	URL       string  `json:"url,omitempty"`
}

// Chapters renders an episode's chapters as Podcasting 2.0 JSON chapters,
// served as ChaptersType and linked from podcast:chapters.
func Chapters(sh *catalog.Show, e *catalog.Episode) ([]byte, error) {
	doc := chaptersDoc{Version: "1.2.0", Title: clean(e.Title), Podcast: clean(sh.Title),
		Chapters: make([]jsonChapter, len(e.Chapters))}
	for i, c := range e.ResolvedChapters() {
		doc.Chapters[i] = jsonChapter{StartTime: seconds(c.Start), EndTime: seconds(c.End),
			Title: clean(c.Title), Img: clean(c.Image), URL: clean(c.URL)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// seconds is d in seconds to the millisecond.
func seconds(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }
