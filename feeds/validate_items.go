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
	if c.ArtworkURL == "" {
		return []Finding{{Severity: SeverityError, Code: "no_artwork", Message: "The show has no artwork.",
			Fix: "Upload a square JPEG or PNG cover between 1400x1400 and 3000x3000 pixels."}}
	}
	return artworkFindings(c.Artwork, SeverityError, "The artwork")
}

// ArtworkOK says whether a measured image meets Apple's artwork rules:
// JPEG or PNG, square, 1400 to 3000 pixels a side. An image whose size is
// unknown is not OK.
func ArtworkOK(a *Image) bool {
	return a != nil && a.Width > 0 && a.Height > 0 && len(artworkFindings(a, SeverityError, "")) == 0
}

// artworkFindings lists what Apple objects to in the measured image a
// (nothing when a is nil); what names it in the messages.
func artworkFindings(a *Image, sev, what string) []Finding {
	if a == nil {
		return nil
	}
	var out []Finding
	add := func(code, msg, fix string) {
		out = append(out, Finding{Severity: sev, Code: code, Message: msg, Fix: fix})
	}
	if a.Format != "jpeg" && a.Format != "png" {
		add("artwork_format", fmt.Sprintf("%s is %s; Apple Podcasts takes only JPEG or PNG.", what, a.Format),
			"Save the cover as JPEG or PNG and upload it again.")
	}
	if a.Width == 0 || a.Height == 0 {
		return out
	}
	if a.Width != a.Height {
		add("artwork_not_square", fmt.Sprintf("%s is %dx%d pixels, not square.", what, a.Width, a.Height),
			"Crop the cover to a square.")
	}
	if a.Width < ArtworkMin || a.Height < ArtworkMin || a.Width > ArtworkMax || a.Height > ArtworkMax {
		add("artwork_size", fmt.Sprintf("%s is %dx%d pixels; Apple Podcasts wants %d to %d on each side.",
			what, a.Width, a.Height, ArtworkMin, ArtworkMax),
			"Export the cover at 3000x3000 pixels (or at least 1400x1400).")
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

// olderMPEGLayers are the MPEG audio codecs before MP3, by media's codec
// name: valid audio/mpeg that many players, built for MP3 only, refuse.
var olderMPEGLayers = map[string]string{"mp1": "Layer I (MP1)", "mp2": "Layer II (MP2)"}

func validateItems(items []CheckItem) []Finding {
	var out []Finding
	guids := make(map[string]int, len(items))
	urls := make(map[string]int, len(items))
	for i, it := range items {
		add := func(sev, code, msg, fix string) {
			out = append(out, Finding{Severity: sev, Code: code, Episode: it.GUID, EpisodeTitle: it.Title, Message: msg, Fix: fix})
		}
		out = append(out, validateSoundbites(&it)...)
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
				"Convert the audio to MP3 (audio/mpeg) or AAC in M4A (audio/mp4, as onair serves it) and upload it again.")
		}
		if layer, old := olderMPEGLayers[it.EnclosureCodec]; old {
			add(SeverityWarning, "enclosure_codec", fmt.Sprintf("%s's audio is MPEG %s, not MP3 (Layer III): it is served as audio/mpeg like MP3, but some podcast apps will not play it.", name, layer),
				"Re-encode the audio as MP3 (Layer III), e.g. ffmpeg -i episode.mp2 -c:a libmp3lame -b:a 128k episode.mp3, and upload it again.")
		}
		if it.EnclosureLength <= 0 {
			add(SeverityWarning, "enclosure_length", fmt.Sprintf("%s's audio has no byte size.", name),
				"Give the enclosure length in bytes; some apps need it to download the episode.")
		}
		if it.Duration <= 0 {
			add(SeverityWarning, "no_duration", fmt.Sprintf("%s has no duration.", name),
				"Set itunes:duration (onair reads it from the audio when the file is uploaded).")
		}
		// Apple shows the show's cover instead of episode artwork it
		// refuses, so these are warnings.
		for _, f := range artworkFindings(it.Artwork, SeverityWarning, name+"'s artwork") {
			add(f.Severity, "episode_"+f.Code, f.Message, f.Fix)
		}
	}
	return out
}
