package feeds

import (
	"fmt"
	"strings"

	"github.com/onair-fm/onair/catalog"
)

// Apple's artwork limits, in pixels.
const (
	ArtworkMin = 1400
	ArtworkMax = 3000
)

func validateArtwork(c *Check) []Finding {
	f := func(code, msg, fix string) []Finding {
		return []Finding{{Severity: SeverityError, Code: code, Message: msg, Fix: fix}}
	}
	if c.ArtworkURL == "" {
		return f("no_artwork", "The show has no artwork.",
			"Upload a square JPEG or PNG cover between 1400x1400 and 3000x3000 pixels.")
	}
	a := c.Artwork
	if a == nil {
		return nil
	}
	var out []Finding
	if a.Format != "jpeg" && a.Format != "png" {
		out = append(out, f("artwork_format", fmt.Sprintf("The artwork is %s; Apple Podcasts takes only JPEG or PNG.", a.Format),
			"Save the cover as JPEG or PNG and upload it again.")...)
	}
	if a.Width == 0 || a.Height == 0 {
		return out
	}
	if a.Width != a.Height {
		out = append(out, f("artwork_not_square", fmt.Sprintf("The artwork is %dx%d pixels, not square.", a.Width, a.Height),
			"Crop the cover to a square.")...)
	}
	if a.Width < ArtworkMin || a.Height < ArtworkMin || a.Width > ArtworkMax || a.Height > ArtworkMax {
		out = append(out, f("artwork_size", fmt.Sprintf("The artwork is %dx%d pixels; Apple Podcasts wants %d to %d on each side.",
			a.Width, a.Height, ArtworkMin, ArtworkMax),
			"Export the cover at 3000x3000 pixels (or at least 1400x1400).")...)
	}
	return out
}

func validateCategories(cats []string) []Finding {
	if len(cats) == 0 {
		return []Finding{{Severity: SeverityError, Code: "no_category", Message: "The show has no category.",
			Fix: `Pick at least one of Apple's categories, e.g. "News" or "Society & Culture/Documentary".`}}
	}
	var out []Finding
	for _, c := range cats {
		if !catalog.ValidCategory(c) {
			out = append(out, Finding{Severity: SeverityError, Code: "unknown_category",
				Message: fmt.Sprintf("%q is not one of Apple's categories.", c),
				Fix:     "Choose a category from Apple's list, spelled exactly as listed (subcategories as Parent/Sub)."})
		}
	}
	return out
}

func validateItems(items []CheckItem) []Finding {
	var out []Finding
	guids := make(map[string]int, len(items))
	urls := make(map[string]int, len(items))
	for i, it := range items {
		add := func(sev, code, msg, fix string) {
			out = append(out, Finding{Severity: sev, Code: code, Episode: it.GUID, EpisodeTitle: it.Title, Message: msg, Fix: fix})
		}
		name := it.Title
		if name == "" {
			name = fmt.Sprintf("episode %d", i+1)
			add(SeverityError, "no_episode_title", "An episode has no title.", "Give every episode a title.")
		}
		switch prev, dup := guids[it.GUID]; {
		case strings.TrimSpace(it.GUID) == "":
			add(SeverityError, "no_guid", fmt.Sprintf("%s has no GUID.", name),
				"Give every episode a GUID that never changes; apps use it to tell episodes apart.")
		case dup:
			add(SeverityError, "duplicate_guid", fmt.Sprintf("%s has the same GUID as episode %d (%q).", name, prev+1, it.GUID),
				"Give each episode its own GUID; apps show only one of the episodes that share one.")
		default:
			guids[it.GUID] = i
		}
		if it.EnclosureURL == "" {
			add(SeverityError, "no_enclosure", fmt.Sprintf("%s has no audio file.", name),
				"Upload the episode's audio; an episode without an enclosure is not shown.")
			continue
		}
		if prev, dup := urls[it.EnclosureURL]; dup {
			add(SeverityWarning, "duplicate_enclosure", fmt.Sprintf("%s uses the same audio file as episode %d.", name, prev+1),
				"Upload the right audio for this episode; Apple Podcasts ignores an audio URL it has seen before.")
		} else {
			urls[it.EnclosureURL] = i
		}
		if !appleEnclosureTypes[strings.ToLower(it.EnclosureType)] {
			add(SeverityError, "enclosure_type", fmt.Sprintf("%s's audio is %q, a type Apple Podcasts does not play.", name, it.EnclosureType),
				"Convert the audio to MP3 (audio/mpeg) or AAC in M4A (audio/x-m4a) and upload it again.")
		}
		if it.EnclosureLength <= 0 {
			add(SeverityWarning, "enclosure_length", fmt.Sprintf("%s's audio has no byte size.", name),
				"Give the enclosure length in bytes; some apps need it to download the episode.")
		}
		if it.Duration <= 0 {
			add(SeverityWarning, "no_duration", fmt.Sprintf("%s has no duration.", name),
				"Set itunes:duration (onair reads it from the audio when the file is uploaded).")
		}
	}
	return out
}
