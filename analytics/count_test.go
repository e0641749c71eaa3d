package analytics

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// testEpisode is 30 minutes at 128 kb/s (16,000 bytes a second) after a
// 4 KiB header.
var testEpisode = &catalog.Episode{ID: "ep1", ShowID: "show1", Audio: catalog.Audio{
	Size: 4096 + 16000*1800, Bitrate: 128000, HeaderBytes: 4096, Duration: 30 * time.Minute,
}}

const sec = 16000 // bytes of testEpisode per second of audio

// folder applies the counting rule to hits in order, holding the windows
// in a map the way a store would.
type folder struct {
	rec       *Recorder
	windows   map[[2]string]*catalog.ListenerWindow
	downloads []catalog.Download
}

func newFolder() *folder {
	return &folder{
		rec:     NewRecorder(nil, NewHasher([]byte("test secret")), RecorderConfig{}, nil),
		windows: map[[2]string]*catalog.ListenerWindow{},
	}
}

func (f *folder) hit(h Hit) {
	if h.Episode == nil {
		h.Episode = testEpisode
	}
	ev, ok := f.rec.event(h)
	if !ok {
		return
	}
	k, pk := [2]string{ev.Listener, ev.EpisodeID}, [2]string{ev.PrevListener, ev.EpisodeID}
	w := f.windows[k]
	if w == nil {
		w = f.windows[pk]
		delete(f.windows, pk)
	}
	if w == nil {
		w = &catalog.ListenerWindow{}
	}
	if d := Fold(&ev, w); d != nil {
		f.downloads = append(f.downloads, *d)
	}
	f.windows[[2]string{w.Listener, w.EpisodeID}] = w
}

func TestCounting(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	const iphone = "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)"
	const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
	size := testEpisode.Audio.Size
	type req struct {
		ip, ua     string
		after      time.Duration // since t0
		start, end int64         // [start, end)
	}
	chunks := func(ip, ua string, from, to, step int64) []req {
		var rs []req
		for off := from; off < to; off += step {
			rs = append(rs, req{ip, ua, time.Duration(off/step) * 100 * time.Millisecond, off, min(off+step, to)})
		}
		return rs
	}
	tests := []struct {
		name string
		reqs []req
		want int
		apps []string
	}{
		{"Apple probe alone", []req{{"192.0.2.1", iphone, 0, 0, 2}}, 0, nil},
		{"Apple probe then whole file", []req{
			{"192.0.2.1", iphone, 0, 0, 2},
			{"192.0.2.1", iphone, time.Second, 0, size},
		}, 1, []string{"Apple Podcasts"}},
		{"64 KB ranges through two minutes", chunks("192.0.2.1", iphone, 0, 4096+120*sec, 64<<10), 1, []string{"Apple Podcasts"}},
		{"stops after 30 seconds", chunks("192.0.2.1", iphone, 0, 4096+30*sec, 64<<10), 0, nil},
		{"header plus 59 seconds", []req{{"192.0.2.1", firefox, 0, 0, 4096 + 59*sec}}, 0, nil},
		{"header plus 60 seconds", []req{{"192.0.2.1", firefox, 0, 0, 4096 + 60*sec}}, 1, []string{"Firefox"}},
		{"overlaps are not counted twice", []req{
			{"192.0.2.1", firefox, 0, 0, 4096 + 40*sec},
			{"192.0.2.1", firefox, time.Minute, 0, 4096 + 40*sec},
			{"192.0.2.1", firefox, 2 * time.Minute, 4096 + 10*sec, 4096 + 50*sec},
		}, 0, nil},
		{"scattered ranges add up", []req{
			{"192.0.2.1", firefox, 0, 4096 + 600*sec, 4096 + 630*sec},
			{"192.0.2.1", firefox, time.Minute, 4096 + 100*sec, 4096 + 131*sec},
		}, 1, []string{"Firefox"}},
		{"two listeners behind one IPv4", []req{
			{"198.51.100.7", iphone, 0, 0, size},
			{"198.51.100.7", firefox, time.Second, 0, size},
			{"198.51.100.7", iphone, time.Hour, 0, size},
		}, 2, []string{"Apple Podcasts", "Firefox"}},
		{"one IPv6 /64 with changing host bits", []req{
			{"2001:db8:1:2::10", iphone, 0, 0, 4096 + 25*sec},
			{"2001:db8:1:2:aaaa:bbbb:cccc:dddd", iphone, time.Minute, 4096 + 25*sec, 4096 + 50*sec},
			{"2001:db8:1:2:ffff::1", iphone, 2 * time.Minute, 4096 + 50*sec, 4096 + 75*sec},
			{"2001:db8:1:2:ffff::2", iphone, 3 * time.Minute, 0, size},
		}, 1, []string{"Apple Podcasts"}},
		{"another /64 is another listener", []req{
			{"2001:db8:1:2::10", iphone, 0, 0, size},
			{"2001:db8:1:3::10", iphone, time.Minute, 0, size},
		}, 2, []string{"Apple Podcasts", "Apple Podcasts"}},
		{"a bot", []req{
			{"192.0.2.9", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 0, 0, size},
			{"192.0.2.9", "curl/8.5.0", time.Minute, 0, size},
		}, 0, nil},
		{"24-hour boundary", []req{
			{"192.0.2.1", iphone, 0, 0, size},
			{"192.0.2.1", iphone, 24*time.Hour - time.Second, 0, size},
			{"192.0.2.1", iphone, 24 * time.Hour, 0, size},
			{"192.0.2.1", iphone, 30 * time.Hour, 0, size},
		}, 2, []string{"Apple Podcasts", "Apple Podcasts"}},
		{"window starts at the first request, not the count", []req{
			{"192.0.2.1", iphone, 0, 0, 4096 + 30*sec},
			{"192.0.2.1", iphone, 20 * time.Hour, 4096 + 30*sec, 4096 + 61*sec},
			{"192.0.2.1", iphone, 25 * time.Hour, 0, size},
		}, 2, []string{"Apple Podcasts", "Apple Podcasts"}},
		{"a window goes on past midnight UTC, when the hash key changes", []req{
			{"192.0.2.1", iphone, 13 * time.Hour, 0, 4096 + 30*sec},
			{"192.0.2.1", iphone, 15 * time.Hour, 4096 + 30*sec, 4096 + 61*sec},
			{"192.0.2.1", iphone, 16 * time.Hour, 0, size},
		}, 1, []string{"Apple Podcasts"}},
		{"bytes before the window are forgotten", []req{
			{"192.0.2.1", iphone, 0, 0, 4096 + 40*sec},
			{"192.0.2.1", iphone, 25 * time.Hour, 4096 + 40*sec, 4096 + 80*sec},
		}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Start at 10:00 UTC so a day's hash key covers the test,
			// except where the test itself crosses midnight.
			f := newFolder()
			for _, r := range tt.reqs {
				f.hit(Hit{IP: r.ip, UserAgent: r.ua, Start: r.start, End: r.end, At: t0.Add(r.after)})
			}
			if len(f.downloads) != tt.want {
				t.Fatalf("counted %d downloads, want %d: %+v", len(f.downloads), tt.want, f.downloads)
			}
			for i, d := range f.downloads {
				if d.App != tt.apps[i] || d.EpisodeID != "ep1" || d.ShowID != "show1" {
					t.Errorf("download %d = %+v, want app %q", i, d, tt.apps[i])
				}
			}
		})
	}
}

func TestNeed(t *testing.T) {
	tests := []struct {
		name string
		a    catalog.Audio
		want int64
	}{
		{"bitrate", catalog.Audio{Size: 10 << 20, HeaderBytes: 100, Bitrate: 64000}, 480000},
		{"short file: all of it", catalog.Audio{Size: 100100, HeaderBytes: 100, Bitrate: 64000}, 100000},
		{"no bitrate: from duration", catalog.Audio{Size: 1200100, HeaderBytes: 100, Duration: 2 * time.Minute}, 600000},
		{"nothing known: whole file", catalog.Audio{Size: 5000}, 5000},
		{"empty", catalog.Audio{}, 1},
	}
	for _, tt := range tests {
		if got := Need(tt.a); got != tt.want {
			t.Errorf("%s: Need = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestAddRange(t *testing.T) {
	br := func(s, e int64) catalog.ByteRange { return catalog.ByteRange{Start: s, End: e} }
	tests := []struct {
		have []catalog.ByteRange
		add  catalog.ByteRange
		want []catalog.ByteRange
	}{
		{nil, br(0, 10), []catalog.ByteRange{br(0, 10)}},
		{[]catalog.ByteRange{br(0, 10)}, br(10, 20), []catalog.ByteRange{br(0, 20)}},
		{[]catalog.ByteRange{br(0, 10)}, br(5, 8), []catalog.ByteRange{br(0, 10)}},
		{[]catalog.ByteRange{br(0, 10), br(20, 30)}, br(12, 15), []catalog.ByteRange{br(0, 10), br(12, 15), br(20, 30)}},
		{[]catalog.ByteRange{br(0, 10), br(20, 30), br(40, 50)}, br(5, 45), []catalog.ByteRange{br(0, 50)}},
		{[]catalog.ByteRange{br(20, 30)}, br(0, 5), []catalog.ByteRange{br(0, 5), br(20, 30)}},
	}
	for _, tt := range tests {
		got := addRange(append([]catalog.ByteRange(nil), tt.have...), tt.add)
		if len(got) != len(tt.want) {
			t.Errorf("addRange(%v, %v) = %v, want %v", tt.have, tt.add, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("addRange(%v, %v) = %v, want %v", tt.have, tt.add, got, tt.want)
				break
			}
		}
	}
	var rs []catalog.ByteRange
	for i := range int64(200) {
		rs = addRange(rs, br(i*100, i*100+10+i))
	}
	if len(rs) != maxRanges || rs[0].Start == 0 {
		t.Errorf("after 200 scattered ranges: %d kept, first %v; want %d, smallest dropped", len(rs), rs[0], maxRanges)
	}
}

func TestListenerHash(t *testing.T) {
	h := NewHasher([]byte("secret"))
	day := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	ua := "Overcast/3.0"
	a := h.Listener("2001:db8::1", ua, day)
	tests := []struct {
		name string
		got  string
		same bool
	}{
		{"same /64, other host bits", h.Listener("2001:db8::ffff:1", ua, day.Add(time.Hour)), true},
		{"other /64", h.Listener("2001:db8:0:1::1", ua, day), false},
		{"other user agent", h.Listener("2001:db8::1", ua+" ", day), false},
		{"next day: key rotated", h.Listener("2001:db8::1", ua, day.Add(24*time.Hour)), false},
		{"other secret", NewHasher([]byte("other")).Listener("2001:db8::1", ua, day), false},
	}
	for _, tt := range tests {
		if (tt.got == a) != tt.same {
			t.Errorf("%s: same listener = %v, want %v", tt.name, tt.got == a, tt.same)
		}
	}
	if NetworkOf("::ffff:192.0.2.1") != "192.0.2.1" || NetworkOf("2001:db8::1%eth0") != "2001:db8::/64" {
		t.Errorf("NetworkOf: %q %q", NetworkOf("::ffff:192.0.2.1"), NetworkOf("2001:db8::1%eth0"))
	}
}
