package feeds

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
		if f.Message == "" || f.Fix == "" || (f.Severity != SeverityError && f.Severity != SeverityWarning) {
			t := f
			panic("finding without message, fix or severity: " + t.Code)
		}
	}
	slices.Sort(out)
	return out
}

func TestValidate(t *testing.T) {
	good := func() *Check {
		c := CheckOf(fullInput(), &Image{Width: 3000, Height: 3000, Format: "jpeg"})
		return c
	}
	tests := []struct {
		name   string
		change func(c *Check)
		want   []string
	}{
		{"clean", func(c *Check) {}, nil},
		{"not measured", func(c *Check) { c.Artwork = nil }, nil},
		{"no artwork", func(c *Check) { c.ArtworkURL = "" }, []string{"no_artwork"}},
		{"not square", func(c *Check) { c.Artwork = &Image{Width: 2000, Height: 1500, Format: "png"} }, []string{"artwork_not_square"}},
		{"too small", func(c *Check) { c.Artwork = &Image{Width: 600, Height: 600, Format: "png"} }, []string{"artwork_size"}},
		{"too big", func(c *Check) { c.Artwork = &Image{Width: 4000, Height: 4000, Format: "jpeg"} }, []string{"artwork_size"}},
		{"webp", func(c *Check) { c.Artwork = &Image{Format: "webp"} }, []string{"artwork_format"}},
		{"gif wrong size", func(c *Check) { c.Artwork = &Image{Width: 100, Height: 50, Format: "gif"} },
			[]string{"artwork_format", "artwork_not_square", "artwork_size"}},
		{"no category", func(c *Check) { c.Categories = nil }, []string{"no_category"}},
		{"unknown category", func(c *Check) { c.Categories = []string{"News", "Cooking", "News/Gossip"} },
			[]string{"unknown_category", "unknown_category"}},
		{"no owner email", func(c *Check) { c.OwnerEmail = "" }, []string{"no_owner_email"}},
		{"description 4000", func(c *Check) { c.Description = strings.Repeat("a", 4000) }, nil},
		{"description 4001 bytes", func(c *Check) { c.Description = strings.Repeat("é", 2001) }, []string{"description_too_long"}},
		{"no description", func(c *Check) { c.Description = " " }, []string{"no_description"}},
		{"no title", func(c *Check) { c.Title = "" }, []string{"no_title"}},
		{"explicit yes", func(c *Check) { c.Explicit = "yes" }, []string{"explicit_missing"}},
		{"no language", func(c *Check) { c.Language = "" }, []string{"no_language"}},
		{"no guid", func(c *Check) { c.PodcastGUID = "" }, []string{"no_podcast_guid"}},
		{"bad guid", func(c *Check) { c.PodcastGUID = "abc" }, []string{"bad_podcast_guid"}},
		{"no episodes", func(c *Check) { c.Items = nil }, []string{"no_episodes"}},
		{"wav", func(c *Check) { c.Items[0].EnclosureType = "audio/wav" }, []string{"enclosure_type"}},
		{"ogg", func(c *Check) { c.Items[1].EnclosureType = "audio/ogg" }, []string{"enclosure_type"}},
		{"mp2", func(c *Check) { c.Items[0].EnclosureCodec = "mp2" }, []string{"enclosure_codec"}},
		{"mp1", func(c *Check) { c.Items[1].EnclosureCodec = "mp1" }, []string{"enclosure_codec"}},
		{"codec unknown", func(c *Check) { c.Items[0].EnclosureCodec = "" }, nil},
		{"duplicate guid", func(c *Check) { c.Items[1].GUID = c.Items[0].GUID }, []string{"duplicate_guid"}},
		{"duplicate enclosure", func(c *Check) { c.Items[1].EnclosureURL = c.Items[0].EnclosureURL }, []string{"duplicate_enclosure"}},
		{"missing guid", func(c *Check) { c.Items[1].GUID = "" }, []string{"no_guid"}},
		{"missing duration", func(c *Check) { c.Items[0].Duration = 0 }, []string{"no_duration"}},
		{"no enclosure", func(c *Check) { c.Items[0].EnclosureURL = "" }, []string{"no_enclosure"}},
		{"no length", func(c *Check) { c.Items[0].EnclosureLength = 0 }, []string{"enclosure_length"}},
		{"no episode title", func(c *Check) { c.Items[0].Title = "" }, []string{"no_episode_title"}},
		{"episode artwork fine", func(c *Check) { c.Items[0].Artwork = &Image{Width: 1400, Height: 1400, Format: "png"} }, nil},
		{"episode artwork 320x240", func(c *Check) { c.Items[0].Artwork = &Image{Width: 320, Height: 240, Format: "jpeg"} },
			[]string{"episode_artwork_not_square", "episode_artwork_size"}},
		{"episode artwork gif", func(c *Check) { c.Items[1].Artwork = &Image{Width: 2000, Height: 2000, Format: "gif"} },
			[]string{"episode_artwork_format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.change(c)
			got := Validate(c)
			if g := codes(got); !slices.Equal(g, tt.want) {
				t.Errorf("findings = %v, want %v\n%+v", g, tt.want, got)
			}
		})
	}
}

// TestEnclosureTypeFixNamesWhatOnairServes: the fix for an unplayable
// enclosure names M4A as audio/mp4, the type onair itself sends for it.
func TestEnclosureTypeFixNamesWhatOnairServes(t *testing.T) {
	c := CheckOf(fullInput(), &Image{Width: 3000, Height: 3000, Format: "jpeg"})
	c.Items[0].EnclosureType = "audio/wav"
	fs := Validate(c)
	if len(fs) != 1 || !strings.Contains(fs[0].Fix, "(audio/mp4") || strings.Contains(fs[0].Fix, "x-m4a") {
		t.Fatalf("findings %+v: want one fix suggesting audio/mp4", fs)
	}
}

func TestArtworkOK(t *testing.T) {
	tests := []struct {
		name string
		img  *Image
		want bool
	}{
		{"not measured", nil, false},
		{"size unknown", &Image{Format: "jpeg"}, false},
		{"smallest", &Image{Width: 1400, Height: 1400, Format: "jpeg"}, true},
		{"largest", &Image{Width: 3000, Height: 3000, Format: "png"}, true},
		{"320x240", &Image{Width: 320, Height: 240, Format: "jpeg"}, false},
		{"square but small", &Image{Width: 600, Height: 600, Format: "png"}, false},
		{"too big", &Image{Width: 3001, Height: 3001, Format: "png"}, false},
		{"not square", &Image{Width: 1400, Height: 1500, Format: "png"}, false},
		{"webp", &Image{Width: 1400, Height: 1400, Format: "webp"}, false},
	}
	for _, tt := range tests {
		if got := ArtworkOK(tt.img); got != tt.want {
			t.Errorf("%s: ArtworkOK = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestValidateNamesEpisode(t *testing.T) {
	c := CheckOf(fullInput(), nil)
	c.Items[1].Duration = 0
	fs := Validate(c)
	if len(fs) != 1 || fs[0].Episode != "legacy-guid-42" || fs[0].EpisodeTitle != "Trailer" {
		t.Fatalf("findings = %+v, want one naming the trailer", fs)
	}
}

// TestParseRSSOwnFeed reads our own feed back: what Validate sees in the
// published RSS is what it sees in the catalog.
func TestParseRSSOwnFeed(t *testing.T) {
	for name, in := range map[string]Input{"full": fullInput(), "minimal": minimalInput(), "nasty": nastyInput()} {
		t.Run(name, func(t *testing.T) {
			b, err := RSS(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseRSS(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			want := CheckOf(in, nil)
			for i := range want.Items {
				// Feeds carry whole seconds.
				want.Items[i].Duration = want.Items[i].Duration.Truncate(time.Second)
			}
			if name == "nasty" {
				// Surrounding spaces are trimmed on reading.
				want.Title, want.Description = strings.TrimSpace(want.Title), strings.TrimSpace(want.Description)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ParseRSS(RSS(in)) =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestParseRSSOthers(t *testing.T) {
	latin1 := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>" +
		"<title>Caf\xe9</title><itunes:title>Other</itunes:title><item><itunes:title>x</itunes:title><title>Ep</title><itunes:duration>1:02:05</itunes:duration></item></channel></rss>")
	c, err := ParseRSS(bytes.NewReader(latin1))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Café" || len(c.Items) != 1 || c.Items[0].Title != "Ep" || c.Items[0].Duration != 3725*time.Second {
		t.Errorf("got %+v %+v", c, c.Items)
	}
	if _, err := ParseRSS(strings.NewReader("<rss><channel><title>x</chan")); err == nil {
		t.Error("truncated feed parsed without error")
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"1526", 1526 * time.Second}, {"25:26", 1526 * time.Second}, {"1:02:05", 3725 * time.Second},
		{"90.5", 90500 * time.Millisecond}, {"", 0}, {"abc", 0}, {"1:75", 0}, {"-5", 0}, {"NaN", 0},
		{"1:2:3:4", 0}, {" 60 ", time.Minute},
	}
	for _, tt := range tests {
		if got := parseDuration(tt.in); got != tt.want {
			t.Errorf("parseDuration(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMeasureImage(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 1400, 1200))
	img.Set(0, 0, color.White)
	var jb, pb bytes.Buffer
	jpeg.Encode(&jb, img, nil)
	png.Encode(&pb, img)
	for _, tt := range []struct {
		in   []byte
		want Image
	}{
		{jb.Bytes(), Image{1400, 1200, "jpeg"}},
		{pb.Bytes(), Image{1400, 1200, "png"}},
		{[]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), Image{Format: "webp"}},
		{[]byte("not an image"), Image{Format: "unknown"}},
	} {
		got, err := MeasureImage(bytes.NewReader(tt.in))
		if err != nil || *got != tt.want {
			t.Errorf("MeasureImage = %+v, %v; want %+v", got, err, tt.want)
		}
	}
}

func FuzzParseRSS(f *testing.F) {
	for _, in := range []Input{fullInput(), minimalInput(), nastyInput()} {
		b, _ := RSS(in)
		f.Add(b)
	}
	f.Add([]byte(`<rss><channel><item><itunes:duration xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">1:2:3</itunes:duration></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseRSS(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, fd := range Validate(c) {
			if fd.Code == "" || fd.Message == "" || fd.Fix == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
	})
}
