package feeds

import (
	"strings"
	"testing"
)

// TestValidateNetworkTags: a feed breaking the Podcasting 2.0 rules of the
// new tags gets a finding for each.
func TestValidateNetworkTags(t *testing.T) {
	t.Parallel()
	feed := `<?xml version="1.0"?><rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"
	xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>x</title>
	<podcast:txt purpose="` + strings.Repeat("p", 129) + `">v</podcast:txt>
	<podcast:txt>` + strings.Repeat("v", 4001) + `</podcast:txt>
	<podcast:locked owner="nobody">yes</podcast:locked>
	<podcast:medium>radio</podcast:medium>
	<podcast:podroll><podcast:remoteItem feedUrl="https://x.example/feed"/></podcast:podroll>
	<item><title>a</title><guid>g1</guid><itunes:duration>60</itunes:duration>
	<enclosure url="https://x.example/a.mp3" type="audio/mpeg" length="1"/>
	<podcast:soundbite startTime="50" duration="30">late</podcast:soundbite>
	<podcast:soundbite startTime="abc" duration="30">bad</podcast:soundbite>
	<podcast:soundbite startTime="1" duration="0">none</podcast:soundbite>
	<podcast:soundbite startTime="1" duration="10">fine</podcast:soundbite>
	</item></channel></rss>`
	c, err := ParseRSS(strings.NewReader(feed))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, f := range Validate(c) {
		if strings.HasPrefix(f.Code, "podcast_") {
			got[f.Code]++
		}
	}
	want := map[string]int{"podcast_txt_purpose": 1, "podcast_txt_value": 1, "podcast_locked_owner": 1,
		"podcast_medium": 1, "podcast_remote_item": 1, "podcast_soundbite": 3}
	for code, n := range want {
		if got[code] != n {
			t.Errorf("%s: %d findings, want %d (all: %v)", code, got[code], n, got)
		}
	}
}
