package analytics

import (
	"slices"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// Window is how long one counted download covers a listener's further
// requests for the same episode, starting at its first request.
const Window = 24 * time.Hour

// MinListen is how much audio a listener must fetch for a download.
const MinListen = time.Minute

// maxRanges bounds a window's stored ranges; past that the smallest are
// dropped, so a client seeking all over a file is undercounted, never
// overcounted.
const maxRanges = 64

// Need returns how many bytes of audio after the header make a download of
// a: one minute at its bitrate, or all of it when it is shorter.
func Need(a catalog.Audio) int64 {
	body := a.Size - a.HeaderBytes
	if body <= 0 {
		body = a.Size
	}
	var need int64
	switch {
	case a.Bitrate > 0:
		need = int64(a.Bitrate) / 8 * int64(MinListen/time.Second)
	case a.Duration > 0:
		need = int64(float64(body) * float64(MinListen) / float64(a.Duration))
	default:
		need = body
	}
	return max(min(need, body), 1)
}

// Fold is the counting rule as a catalog.DownloadFolder. A window opens at
// a listener's first event on an episode and lasts Window; its ranges add up
// without counting overlaps twice; the first event that brings the audio
// after the header to Need bytes counts one download, and nothing more
// counts until the window ends.
func Fold(ev *catalog.RangeEvent, w *catalog.ListenerWindow) *catalog.Download {
	if w.Start.IsZero() || !ev.At.Before(w.Start.Add(Window)) {
		*w = catalog.ListenerWindow{EpisodeID: ev.EpisodeID, Start: ev.At}
	}
	w.Listener = ev.Listener // a window found under PrevListener moves on.
	if w.Counted {
		return nil
	}
	start := max(ev.Start, ev.AudioStart)
	if ev.End <= start {
		return nil
	}
	w.Ranges = addRange(w.Ranges, catalog.ByteRange{Start: start, End: ev.End})
	if covered(w.Ranges) < ev.Need {
		return nil
	}
	w.Counted = true
	w.Ranges = nil
	return &catalog.Download{EpisodeID: ev.EpisodeID, ShowID: ev.ShowID, App: ev.App, At: ev.At, SubscriberID: ev.SubscriberID}
}

// addRange merges r into the sorted, disjoint set rs.
func addRange(rs []catalog.ByteRange, r catalog.ByteRange) []catalog.ByteRange {
	out := make([]catalog.ByteRange, 0, len(rs)+1)
	i := 0
	for ; i < len(rs) && rs[i].End < r.Start; i++ {
		out = append(out, rs[i])
	}
	for ; i < len(rs) && rs[i].Start <= r.End; i++ {
		r.Start = min(r.Start, rs[i].Start)
		r.End = max(r.End, rs[i].End)
	}
	out = append(out, r)
	out = append(out, rs[i:]...)
	for len(out) > maxRanges {
		// Drop the smallest range: the count can only be too low, never
		// too high, for a client that scatters its requests this much.
		j := 0
		for k := range out {
			if out[k].End-out[k].Start < out[j].End-out[j].Start {
				j = k
			}
		}
		out = slices.Delete(out, j, j+1)
	}
	return out
}

func covered(rs []catalog.ByteRange) int64 {
	var n int64
	for _, r := range rs {
		n += r.End - r.Start
	}
	return n
}
