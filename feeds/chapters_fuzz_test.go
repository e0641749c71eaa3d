package feeds

import (
	"testing"
	"time"
)

func TestParseChapters(t *testing.T) {
	t.Parallel()
	js := `{"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"},{"startTime":61.5,"endTime":90,"title":"News","url":"https://n.example/","img":"https://n.example/i.jpg"}]}`
	chs, err := ParseChapters([]byte(js))
	if err != nil || len(chs) != 2 || chs[1].Start != 61500*time.Millisecond || chs[1].End != 90*time.Second || chs[1].Image == "" {
		t.Fatalf("json: %+v, %v", chs, err)
	}
	// Podlove round trip keeps the milliseconds.
	back, err := ParseChapters(Podlove(chs))
	if err != nil || len(back) != 2 || back[1].Start != chs[1].Start || back[1].URL != chs[1].URL || back[1].Title != "News" {
		t.Fatalf("podlove: %+v, %v", back, err)
	}
	for _, bad := range []string{"", "{}", `{"chapters":[{"title":"x"}]}`, `{"chapters":[{"startTime":-1}]}`, "<psc:chapters><psc:chapter start='x'/></psc:chapters>", "<rss/>", "hello"} {
		if _, err := ParseChapters([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	for in, want := range map[string]time.Duration{"12:34": 754 * time.Second, "1:02:03.5": 3723500 * time.Millisecond, "95": 95 * time.Second, "0.25": 250 * time.Millisecond} {
		if got, err := ParseNormalPlayTime(in); err != nil || got != want {
			t.Errorf("%q = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"1:60", "a", "1:2", "-1", "1.2345"} {
		if _, err := ParseNormalPlayTime(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func FuzzParseChapters(f *testing.F) {
	f.Add([]byte(`{"version":"1.2.0","chapters":[{"startTime":1.5,"title":"a"}]}`))
	f.Add([]byte(`<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters"><psc:chapter start="00:00:01.500" title="a"/></psc:chapters>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		chs, err := ParseChapters(b)
		if err != nil {
			return
		}
		back, err := ParseChapters(Podlove(chs))
		if err != nil {
			t.Fatalf("written Podlove does not parse: %v", err)
		}
		if len(back) != len(chs) {
			t.Fatalf("%d chapters became %d", len(chs), len(back))
		}
	})
}
