package feeds

import (
	"strconv"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// RemoteItem is one podcast:remoteItem of a show's podroll, resolved by the
// caller: a show on this server by its podcast:guid and feed URL, a remote
// feed by what the publisher gave (the guid computed from the feed URL when
// only that was given, as the Podcasting 2.0 spec derives podcast:guid).
type RemoteItem struct {
	FeedGUID string
	FeedURL  string
	Medium   string
}

type podcastTXT struct {
	Purpose string `xml:"purpose,attr,omitempty"`
	Value   string `xml:",chardata"`
}

type podcastPodroll struct {
	Items []podcastRemoteItem `xml:"podcast:remoteItem"`
}

type podcastRemoteItem struct {
	FeedGUID string `xml:"feedGuid,attr"`
	FeedURL  string `xml:"feedUrl,attr,omitempty"`
	Medium   string `xml:"medium,attr,omitempty"`
}

type podcastSoundbite struct {
	Start    string `xml:"startTime,attr"`
	Duration string `xml:"duration,attr"`
	Title    string `xml:",chardata"`
}

// enclosure is where feeds send listeners for the episode's audio: its
// media URL behind the show's measurement prefixes.
func (l Links) enclosure(e *catalog.Episode) string {
	return Prefixed(l.Prefixes, l.media(e.Audio.Key))
}

// Prefixed puts a chain of measurement prefixes in front of a media URL the
// way the services document it: the first prefix as it is, and after each
// prefix the next part without its scheme (Podtrac's
// https://dts.podtrac.com/redirect.mp3/example.com/a.mp3, Chartable's and
// most others' alike). OP3 is the exception it documents: behind
// https://op3.dev/e/ a plain-http target keeps "http://", because OP3
// takes a target without a scheme as https.
func Prefixed(prefixes []string, u string) string {
	if len(prefixes) == 0 || u == "" {
		return u
	}
	var b strings.Builder
	b.WriteString(prefixes[0])
	for i := 1; i <= len(prefixes); i++ {
		next := u
		if i < len(prefixes) {
			next = prefixes[i]
		}
		if strings.HasPrefix(next, "http://") && isOP3(prefixes[i-1]) {
			b.WriteString(next)
			continue
		}
		b.WriteString(catalog.StripScheme(next))
	}
	return b.String()
}

func isOP3(prefix string) bool {
	return strings.HasPrefix(catalog.StripScheme(prefix), "op3.dev/")
}

// ownerEmail is the owner email the public feed shows: none while the
// publisher hides it outside a verification window (the caller decides,
// as feeds have no clock).
func (in *Input) ownerEmail() string {
	if in.HideOwnerEmail {
		return ""
	}
	return clean(in.Show.OwnerEmail)
}

// lockedOwner is podcast:locked's owner: the one the publisher named, else
// the owner email when it is shown.
func (in *Input) lockedOwner() string {
	if o := clean(in.Show.LockedOwner); o != "" {
		return o
	}
	return in.ownerEmail()
}

// addNetworkRSS adds the channel's ownership, network and paging tags.
func addNetworkRSS(in *Input, ch *rssChannel) {
	sh := in.Show
	for _, t := range sh.TXT {
		ch.PodcastTXT = append(ch.PodcastTXT, podcastTXT{Purpose: clean(t.Purpose), Value: clean(t.Value)})
	}
	ch.PodcastMedium = clean(sh.Medium)
	if len(in.Podroll) > 0 {
		pr := &podcastPodroll{}
		for _, r := range in.Podroll {
			pr.Items = append(pr.Items, podcastRemoteItem{FeedGUID: clean(r.FeedGUID), FeedURL: clean(r.FeedURL), Medium: clean(r.Medium)})
		}
		ch.PodcastPodroll = pr
	}
	ch.AtomLinks = append(ch.AtomLinks, in.pageLinks("rss").atomLinks("application/rss+xml")...)
}

// soundbites are the episode's podcast:soundbite elements.
func soundbites(e *catalog.Episode) []podcastSoundbite {
	var out []podcastSoundbite
	for _, b := range e.Soundbites {
		out = append(out, podcastSoundbite{Start: secondsAttr(b.Start), Duration: secondsAttr(b.Duration), Title: clean(b.Title)})
	}
	return out
}

// secondsAttr writes d as the namespace's times: seconds, with a fraction
// only when there is one (73.5, 60).
func secondsAttr(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
