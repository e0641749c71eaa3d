package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/publish"
)

// Caps on the small files that go with an episode.
const (
	maxChaptersBytes   = 4 << 20
	maxTranscriptBytes = 32 << 20
	maxArtworkBytes    = 64 << 20
)

// importItem downloads one item's files and makes its episode. Whatever
// fails, the item's result says so and nothing of it stays in storage.
func (im *Importer) importItem(ctx context.Context, sh *catalog.Show, feed *Feed, t task) ItemResult {
	it := t.item
	r := ItemResult{GUID: t.guid, GUIDDerived: it.GUID == "", Title: it.Title, FeedDurationMS: -1, Status: ItemFailed}
	if d, ok := ParseDuration(it.DurationRaw); ok {
		r.FeedDurationMS = d.Milliseconds()
	}
	if !it.PubDate.IsZero() {
		r.PubDate = it.PubDate.Format(time.RFC3339)
	}
	r.Problems = append(r.Problems, plannedLosses(it)...)
	if r.GUIDDerived {
		r.Problems = append(r.Problems, "the item has no GUID; onair gave it "+r.GUID+", made from its enclosure URL (the same on every run)")
	}
	if it.DateError != "" {
		r.Problems = append(r.Problems, it.DateError+"; it is imported as a draft, for you to date and publish (onair does not guess a date)")
	}
	fail := func(what string, err error) ItemResult {
		r.Error = what + ": " + Explain(err)
		return r
	}
	episodeID := catalog.NewID()
	d, err := openDownload(ctx, im.Client, it.Enclosure.URL, im.maxFile(), im.Limits, im.retries())
	if err != nil {
		return fail("the audio could not be downloaded", err)
	}
	a, err := im.Publish.StoreAudio(ctx, episodeID, d, path.Base(it.Enclosure.URL))
	d.Close()
	if err != nil {
		return fail("the audio could not be downloaded", err)
	}
	in := publish.Imported{GUID: t.guid, PublishedAt: it.PubDate, Draft: it.PubDate.IsZero(), Patch: itemPatch(it)}
	if it.ImageURL != "" && it.ImageURL != feed.ImageURL {
		key, mt, err := im.storeFile(ctx, episodeID, publish.FileArtwork, it.ImageURL, maxArtworkBytes, "")
		if err != nil {
			r.Problems = append(r.Problems, "the episode artwork could not be copied: "+Explain(err))
		} else {
			in.ArtworkKey, in.ArtworkMIME = key, mt
		}
	}
	if c := it.Chapters; c != nil {
		chs, err := im.chapters(ctx, c.URL)
		if err != nil {
			r.Problems = append(r.Problems, "the chapters could not be copied: "+Explain(err))
		} else {
			in.Chapters = chs
		}
	}
	e, err := im.Publish.ImportEpisode(ctx, sh, a, in)
	if err != nil {
		return fail("the episode could not be made", err)
	}
	r.Status, r.EpisodeID, r.Size = ItemImported, e.ID, e.Audio.Size
	r.DurationMS = e.Audio.Duration.Milliseconds()
	if r.FeedDurationMS >= 0 && absDiff(r.FeedDurationMS, r.DurationMS) > 1000 {
		r.Problems = append(r.Problems, fmt.Sprintf("itunes:duration said %s; the audio is %s, which the feed now says",
			fmtMS(r.FeedDurationMS), fmtMS(r.DurationMS)))
	}
	if it.Enclosure.LengthRaw == "" {
		r.Problems = append(r.Problems, fmt.Sprintf("the enclosure had no length; it is %d bytes", e.Audio.Size))
	} else if it.Enclosure.Length != e.Audio.Size {
		r.Problems = append(r.Problems, fmt.Sprintf("the enclosure's length said %s bytes; the file is %d bytes, which the feed now says", it.Enclosure.LengthRaw, e.Audio.Size))
	}
	for _, w := range e.Warnings {
		r.Problems = append(r.Problems, w)
	}
	if len(it.Transcripts) > 0 {
		if err := im.transcript(ctx, e, pickTranscript(it.Transcripts)); err != nil {
			r.Problems = append(r.Problems, "the transcript could not be copied: "+Explain(err))
		}
	}
	return r
}

// transcript downloads the item's transcript and stores it as the
// episode's: onair serves it from then on in every format it has (WebVTT,
// SRT, JSON, HTML), so the old host's copies of other formats are not
// needed.
func (im *Importer) transcript(ctx context.Context, e *catalog.Episode, t Resource) error {
	ctx, cancel := withTimeout(ctx, 5*time.Minute)
	defer cancel()
	resp, err := get(ctx, im.Client, t.URL, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := readCapped(resp.Body, maxTranscriptBytes)
	if err != nil {
		return err
	}
	lang := t.Language
	if !languageRe.MatchString(lang) {
		lang = ""
	}
	_, err = im.Publish.SetTranscript(ctx, e, publish.TranscriptUpload{Body: body, ContentType: t.Type,
		FileName: path.Base(t.URL), Language: lang})
	return err
}

// itemPatch is the item's text and iTunes fields as an episode patch.
func itemPatch(it Item) publish.EpisodePatch {
	str := func(s string) *string { return &s }
	title := strings.TrimSpace(it.Title)
	if title == "" {
		title = path.Base(it.Enclosure.URL)
	}
	p := publish.EpisodePatch{Title: str(title), Description: str(it.Notes)}
	typ := catalog.EpisodeFull
	if it.EpisodeType == catalog.EpisodeTrailer || it.EpisodeType == catalog.EpisodeBonus {
		typ = it.EpisodeType
	}
	p.Type = &typ
	season, number := max(it.Season, 0), max(it.Episode, 0)
	p.Season, p.Number = &season, &number
	ex := explicit(it.ExplicitRaw)
	p.Explicit = &ex
	return p
}

// storeFile downloads u into a new blob of the episode.
func (im *Importer) storeFile(ctx context.Context, episodeID, kind, u string, max int64, ext string) (key, mimeType string, err error) {
	ctx, cancel := withTimeout(ctx, 5*time.Minute)
	defer cancel()
	d, err := openDownload(ctx, im.Client, u, max, im.Limits, im.retries())
	if err != nil {
		return "", "", err
	}
	defer d.Close()
	return im.Publish.StoreEpisodeFile(ctx, episodeID, kind, d, ext)
}

// pickTranscript is the transcript onair reads of several (the same words
// in several formats): the one with the most timing (WebVTT, then SRT,
// then JSON, text, HTML).
func pickTranscript(ts []Resource) Resource {
	rank := func(t Resource) int {
		switch strings.ToLower(t.Type) {
		case "text/vtt":
			return 0
		case "application/x-subrip", "application/srt", "text/srt":
			return 1
		case "application/json":
			return 2
		case "text/plain":
			return 3
		}
		return 4
	}
	best := ts[0]
	for _, t := range ts[1:] {
		if rank(t) < rank(best) {
			best = t
		}
	}
	return best
}

// chapters downloads Podcasting 2.0 JSON chapters.
func (im *Importer) chapters(ctx context.Context, u string) ([]catalog.Chapter, error) {
	ctx, cancel := withTimeout(ctx, time.Minute)
	defer cancel()
	resp, err := get(ctx, im.Client, u, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := readCapped(resp.Body, maxChaptersBytes)
	if err != nil {
		return nil, err
	}
	return ParseChapters(data)
}

// ParseChapters reads a Podcasting 2.0 JSON chapters file. Chapters
// marked toc:false (silent markers) are kept out, as apps keep them out of
// their lists.
func ParseChapters(data []byte) ([]catalog.Chapter, error) {
	var doc struct {
		Chapters []struct {
			StartTime *float64 `json:"startTime"`
			EndTime   float64  `json:"endTime"`
			Title     string   `json:"title"`
			URL       string   `json:"url"`
			Img       string   `json:"img"`
			TOC       *bool    `json:"toc"`
		} `json:"chapters"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("importer: the chapters are not JSON chapters: %w", err)
	}
	out := []catalog.Chapter{}
	for _, c := range doc.Chapters {
		if c.StartTime == nil || *c.StartTime < 0 || *c.StartTime > 1e7 || (c.TOC != nil && !*c.TOC) {
			continue
		}
		ch := catalog.Chapter{Start: secs(*c.StartTime), Title: cleanText(strings.TrimSpace(c.Title))}
		if c.EndTime > *c.StartTime && c.EndTime < 1e7 {
			ch.End = secs(c.EndTime)
		}
		if webURL(c.URL) {
			ch.URL = c.URL
		}
		if webURL(c.Img) {
			ch.Image = c.Img
		}
		out = append(out, ch)
	}
	return out, nil
}

func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

func fmtMS(ms int64) string {
	d := time.Duration(ms) * time.Millisecond
	return fmt.Sprintf("%d:%02d:%02d.%03d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60, ms%1000)
}
