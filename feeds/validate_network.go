package feeds

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// NetworkCheck is what Validate reads of the Podcasting 2.0 tags for
// ownership proofs and networks of shows: podcast:txt, podcast:locked's
// owner, podcast:medium and podcast:podroll.
type NetworkCheck struct {
	TXT         []catalog.TXT
	LockedOwner string
	Medium      string
	// RemoteItems are the podroll's podcast:remoteItem feedGuid values.
	RemoteItems []string
}

// SoundbiteCheck is one podcast:soundbite as written in the feed.
type SoundbiteCheck struct {
	Start, Duration, Title string
}

// The namespace's own limits on these tags.
const (
	txtPurposeMax     = 128
	txtValueMax       = 4000
	soundbiteTitleMax = 128
)

// parsedNetwork are the tags of NetworkCheck as ParseRSS reads them.
type parsedNetwork struct {
	TXT []struct {
		Purpose string `xml:"purpose,attr"`
		Value   string `xml:",chardata"`
	} `xml:"https://podcastindex.org/namespace/1.0 txt"`
	Locked struct {
		Owner string `xml:"owner,attr"`
	} `xml:"https://podcastindex.org/namespace/1.0 locked"`
	Medium      string `xml:"https://podcastindex.org/namespace/1.0 medium"`
	RemoteItems []struct {
		FeedGUID string `xml:"feedGuid,attr"`
	} `xml:"https://podcastindex.org/namespace/1.0 podroll>remoteItem"`
}

type parsedSoundbite struct {
	Start    string `xml:"startTime,attr"`
	Duration string `xml:"duration,attr"`
	Title    string `xml:",chardata"`
}

func (p *parsedNetwork) check() NetworkCheck {
	n := NetworkCheck{LockedOwner: strings.TrimSpace(p.Locked.Owner), Medium: strings.TrimSpace(p.Medium)}
	for _, t := range p.TXT {
		n.TXT = append(n.TXT, catalog.TXT{Purpose: t.Purpose, Value: t.Value})
	}
	for _, r := range p.RemoteItems {
		n.RemoteItems = append(n.RemoteItems, strings.TrimSpace(r.FeedGUID))
	}
	return n
}

func soundbiteChecks(ps []parsedSoundbite) []SoundbiteCheck {
	var out []SoundbiteCheck
	for _, p := range ps {
		out = append(out, SoundbiteCheck(p))
	}
	return out
}

// validateNetworkTags checks the channel's podcast:txt, locked, medium and
// podroll against the Podcasting 2.0 namespace.
func validateNetworkTags(c *Check) []Finding {
	var out []Finding
	add := func(code, msg, fix string) {
		out = append(out, Finding{Severity: SeverityWarning, Code: code, Message: msg, Fix: fix})
	}
	n := &c.Network
	for _, t := range n.TXT {
		switch {
		case len(t.Purpose) > txtPurposeMax:
			add("podcast_txt_purpose", fmt.Sprintf("A podcast:txt purpose is %d characters; the namespace allows %d.", len(t.Purpose), txtPurposeMax),
				"Shorten the purpose (e.g. applepodcastsverify).")
		case len(t.Value) > txtValueMax:
			add("podcast_txt_value", fmt.Sprintf("A podcast:txt value is %d characters; the namespace allows %d.", len(t.Value), txtValueMax),
				"Shorten the value.")
		case strings.TrimSpace(t.Value) == "":
			add("podcast_txt_empty", "A podcast:txt is empty.", "Remove it or give it the value the directory asked for.")
		}
	}
	if n.LockedOwner != "" && !strings.Contains(n.LockedOwner, "@") {
		add("podcast_locked_owner", fmt.Sprintf("podcast:locked's owner %q is not an email address.", n.LockedOwner),
			"Set the owner to the email address platforms should contact to unlock the feed.")
	}
	if n.Medium != "" && !slices.Contains(catalog.Mediums, n.Medium) {
		add("podcast_medium", fmt.Sprintf("podcast:medium %q is not one the namespace lists.", n.Medium),
			"Use one of "+strings.Join(catalog.Mediums, ", ")+".")
	}
	for _, g := range n.RemoteItems {
		if !isUUID(g) {
			add("podcast_remote_item", fmt.Sprintf("A podcast:remoteItem in the podroll has feedGuid %q, which is not a podcast:guid.", g),
				"Name each recommended show by its podcast:guid (feedGuid is required).")
		}
	}
	return out
}

// validateSoundbites checks an item's podcast:soundbite elements: numbers
// of seconds, a positive duration within the episode, a short title.
func validateSoundbites(it *CheckItem) []Finding {
	var out []Finding
	for _, b := range it.Soundbites {
		start, err1 := strconv.ParseFloat(strings.TrimSpace(b.Start), 64)
		dur, err2 := strconv.ParseFloat(strings.TrimSpace(b.Duration), 64)
		var msg string
		switch {
		case err1 != nil || err2 != nil || start < 0:
			msg = fmt.Sprintf("A podcast:soundbite has startTime %q and duration %q; both must be seconds.", b.Start, b.Duration)
		case dur <= 0:
			msg = "A podcast:soundbite has no duration."
		case it.Duration > 0 && start+dur > it.Duration.Seconds()+1:
			msg = fmt.Sprintf("A podcast:soundbite at %gs ends after the episode.", start)
		case len(strings.TrimSpace(b.Title)) > soundbiteTitleMax:
			msg = fmt.Sprintf("A podcast:soundbite title is longer than %d characters.", soundbiteTitleMax)
		default:
			continue
		}
		out = append(out, Finding{Severity: SeverityWarning, Code: "podcast_soundbite", Episode: it.GUID,
			EpisodeTitle: it.Title, Message: msg, Fix: "Fix the soundbite's start, duration or title."})
	}
	return out
}
