package feeds

import (
	"encoding/binary"
	"hash/maphash"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// itemSeed seeds ItemKey: keys are for this process's caches only.
var itemSeed = maphash.MakeSeed()

// ItemKey is a digest of everything an item's fragment is rendered from:
// every field of the episode and its articles that feeds read, and the URLs
// l gives for it. Two calls give the same key only when Format.Item would
// give the same bytes (up to a 64-bit collision), so a cache keyed by the
// format, the episode's id and ItemKey never serves a stale item, whatever
// the clock or the store's timestamps do.
func ItemKey(l Links, e *catalog.Episode) uint64 {
	var h maphash.Hash
	h.SetSeed(itemSeed)
	k := keyWriter{h: &h}
	k.str(e.ID, e.GUID, e.Title, e.Description, e.Status, e.Type, e.TranscriptURL, e.TranscriptType)
	k.time(e.PublishedAt, e.UpdatedAt)
	k.int(int64(e.Season), int64(e.Number), boolInt(e.Explicit))
	a := &e.Audio
	k.str(a.Key, a.MIME)
	k.int(a.Size, int64(a.Duration))
	k.str(e.ArtworkKey)
	k.int(int64(len(e.Chapters)))
	for _, c := range e.Chapters {
		k.int(int64(c.Start), int64(c.End))
		k.str(c.Title, c.URL, c.Image, c.ArticleID)
	}
	ti := &e.Transcript
	k.str(ti.Origin, ti.State, ti.Language, l.Language)
	k.int(boolInt(ti.Timed), boolInt(l.ChapterTimestamps))
	k.time(ti.UpdatedAt)
	for _, t := range transcriptLinks(l, e) {
		k.str(t.URL)
	}
	k.int(int64(len(e.Articles)))
	for i := range e.Articles {
		ar := &e.Articles[i]
		k.str(ar.ID, ar.URL, ar.Title, ar.Summary, ar.ImageURL)
		k.time(ar.PublishedAt, ar.UpdatedAt)
	}
	k.int(int64(len(e.Soundbites)))
	for _, b := range e.Soundbites {
		k.int(int64(b.Start), int64(b.Duration))
		k.str(b.Title)
	}
	k.str(l.episode(e), l.chapters(e), l.enclosure(e), l.media(e.ArtworkKey))
	return h.Sum64()
}

// keyWriter writes values to a hash so that no two sequences of them write
// the same bytes (strings carry their length).
type keyWriter struct {
	h   *maphash.Hash
	buf [8]byte
}

func (k *keyWriter) str(ss ...string) {
	for _, s := range ss {
		k.int(int64(len(s)))
		k.h.WriteString(s)
	}
}

func (k *keyWriter) int(ns ...int64) {
	for _, n := range ns {
		binary.LittleEndian.PutUint64(k.buf[:], uint64(n))
		k.h.Write(k.buf[:])
	}
}

func (k *keyWriter) time(ts ...time.Time) {
	for _, t := range ts {
		k.int(t.Unix(), int64(t.Nanosecond()))
	}
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
