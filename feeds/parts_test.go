package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"

	"testing"

	gorilla "github.com/gorilla/feeds"

	"github.com/onair-fm/onair/catalog"
)

// wholeDocument renders in as one document, the way the feeds were written
// before they were assembled from parts: the reference the parts must match.
func wholeDocument(t *testing.T, f *Format, in Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch f {
	case FormatRSS:
		err = gorilla.WriteXML(rssDocOf(&in, true), &buf)
	case FormatAtom:
		err = gorilla.WriteXML(atomDocOf(&in, true), &buf)
	case FormatJSON:
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(jsonDocOf(&in, true))
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPartsMatchWholeDocument(t *testing.T) {
	t.Parallel()
	empty := fullInput()
	empty.Episodes = nil
	inputs := map[string]Input{
		"full": fullInput(), "minimal": minimalInput(), "many": manyInput(25),
		"nasty": nastyInput(), "no episodes": empty,
	}
	for name, in := range inputs {
		for _, f := range []*Format{FormatRSS, FormatAtom, FormatJSON} {
			t.Run(name+"."+f.Name, func(t *testing.T) {
				got, err := f.Render(in)
				if err != nil {
					t.Fatal(err)
				}
				if want := wholeDocument(t, f, in); !bytes.Equal(got, want) {
					t.Fatalf("assembled from parts:\n%s\nwhole document:\n%s", got, want)
				}
				fr, err := f.Frame(in)
				if err != nil {
					t.Fatal(err)
				}
				items := make([][]byte, len(in.Episodes))
				for i, e := range in.Episodes {
					items[i], _ = f.Item(in.Links, e)
				}
				if n := fr.Size(items); n != len(got) {
					t.Errorf("Size = %d, the document has %d bytes", n, len(got))
				}
				if joined := bytes.Join(fr.Parts(items), nil); !bytes.Equal(joined, got) {
					t.Error("Parts joined differ from Append")
				}
				if f != FormatJSON {
					wellFormed(t, got)
				} else if !json.Valid(got) {
					t.Error("invalid JSON")
				}
			})
		}
	}
}

// TestItemFragmentStandsAlone checks that an XML item is one well-formed
// element and a JSON item one value, so pages of items can reuse them.
func TestItemFragmentStandsAlone(t *testing.T) {
	t.Parallel()
	in := fullInput()
	for _, f := range []*Format{FormatRSS, FormatAtom, FormatJSON} {
		b, err := f.Item(in.Links, in.Episodes[0])
		if err != nil {
			t.Fatal(err)
		}
		if f == FormatJSON {
			var v map[string]any
			if err := json.Unmarshal(b, &v); err != nil || v["id"] != in.Episodes[0].GUID {
				t.Errorf("json item: %v %v", err, v["id"])
			}
			continue
		}
		var v struct {
			XMLName xml.Name
		}
		if err := xml.Unmarshal(b, &v); err != nil {
			t.Errorf("%s item: %v", f.Name, err)
		}
	}
}

// TestItemKey changes each thing an item shows and checks the key moves,
// and that the same data gives the same key.
func TestItemKey(t *testing.T) {
	t.Parallel()
	base := func() (Links, *catalog.Episode) {
		in := fullInput()
		return in.Links, in.Episodes[0]
	}
	l, e := base()
	k0 := ItemKey(l, e)
	if l2, e2 := base(); ItemKey(l2, e2) != k0 {
		t.Fatal("the same episode gives two keys")
	}
	changes := map[string]func(l *Links, e *catalog.Episode){
		"title":          func(_ *Links, e *catalog.Episode) { e.Title += "!" },
		"notes":          func(_ *Links, e *catalog.Episode) { e.Description = "<p>x</p>" },
		"published":      func(_ *Links, e *catalog.Episode) { e.PublishedAt = e.PublishedAt.Add(1) },
		"audio size":     func(_ *Links, e *catalog.Episode) { e.Audio.Size++ },
		"audio key":      func(_ *Links, e *catalog.Episode) { e.Audio.Key = "x.mp3" },
		"duration":       func(_ *Links, e *catalog.Episode) { e.Audio.Duration++ },
		"explicit":       func(_ *Links, e *catalog.Episode) { e.Explicit = !e.Explicit },
		"chapter":        func(_ *Links, e *catalog.Episode) { e.Chapters[1].Title = "Other" },
		"article title":  func(_ *Links, e *catalog.Episode) { e.Articles[0].Title = "Other" },
		"article moved":  func(_ *Links, e *catalog.Episode) { e.Articles[0], e.Articles[1] = e.Articles[1], e.Articles[0] },
		"no articles":    func(_ *Links, e *catalog.Episode) { e.Articles = nil },
		"transcript":     func(_ *Links, e *catalog.Episode) { e.TranscriptURL = "" },
		"title to notes": func(_ *Links, e *catalog.Episode) { e.Title, e.Description = "", e.Title+e.Description },
		"media URL": func(l *Links, _ *catalog.Episode) {
			l.Media = func(key string) string { return "https://cdn.example.com/" + key }
		},
		"episode URL": func(l *Links, e *catalog.Episode) {
			l.Episode = func(e *catalog.Episode) string { return "https://other.example.com/" + e.ID }
		},
	}
	for name, change := range changes {
		l, e := base()
		change(&l, e)
		if ItemKey(l, e) == k0 {
			t.Errorf("%s: the key did not change", name)
		}
	}
}

func BenchmarkItemKey(b *testing.B) {
	in := manyInput(1000)
	for b.Loop() {
		for _, e := range in.Episodes {
			ItemKey(in.Links, e)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/episode")
}
