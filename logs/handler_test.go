package logs

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"
)

// both logs r through NewHandler and through slog's JSON handler.
func both(t testing.TB, r slog.Record, opts *slog.HandlerOptions) (got, want []byte) {
	t.Helper()
	var g, w bytes.Buffer
	if err := NewHandler(&g, opts).Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if err := slog.NewJSONHandler(&w, opts).Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return g.Bytes(), w.Bytes()
}

func requestRecord(at time.Time, method, path string, status, size int, d time.Duration, id string) slog.Record {
	return Request{Time: at, Method: method, Path: path, Status: int64(status), Bytes: int64(size), Duration: d, ID: id}.Record()
}

func TestRequestLineMatchesSlog(t *testing.T) {
	utc := time.Date(2026, 11, 25, 16, 47, 49, 119388268, time.UTC)
	zoned := time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("", -5*3600))
	for _, tc := range []struct {
		name, method, path, id string
		at                     time.Time
	}{
		{"feed", "GET", "/shows/bench/feed.rss", "a0533bb42f0edc6b", utc},
		{"whole second in a zone", "HEAD", "/", "x", zoned},
		{"quotes and backslashes", "GET", `/a"b\c`, `id"\`, utc},
		{"controls", "GET", "/a\x00b\x01\x1f\t\n\r\x7f", "", utc},
		{"invalid UTF-8", "G\xffT", "/\xff\xfe/\xc3", "\xed\xa0\x80", utc},
		{"separators", "GET", "/a\u2028b\u2029c", "", utc},
		{"HTML and non-ASCII", "GET", "/<script>&é/日本/🎙", "", utc},
	} {
		r := requestRecord(tc.at, tc.method, tc.path, 404, 12345, 16485, tc.id)
		if _, ok := requestOf(r); !ok {
			t.Fatalf("%s: not taken for a request record", tc.name)
		}
		if got, want := both(t, r, nil); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, want)
		}
	}
}

// Records that are not exactly a request record, and options that change
// the output, go to the JSON handler.
func TestOtherRecordsGoToSlog(t *testing.T) {
	at := time.Date(2026, 11, 25, 16, 47, 49, 0, time.UTC)
	req := requestRecord(at, "GET", "/", 200, 1, 2, "id")
	warn := req.Clone()
	warn.Level = slog.LevelWarn
	extra := req.Clone()
	extra.AddAttrs(slog.String("more", "x"))
	other := slog.NewRecord(at, slog.LevelInfo, "request", 0)
	other.AddAttrs(slog.String(KeyMethod, "GET"), slog.String(KeyPath, "/"), slog.String(KeyStatus, "200"),
		slog.Int(KeyBytes, 1), slog.Duration(KeyDuration, 2), slog.String(KeyRequestID, "id"))
	for name, r := range map[string]slog.Record{"warn level": warn, "seventh attr": extra, "status as text": other,
		"zero time": requestRecord(time.Time{}, "GET", "/", 200, 1, 2, "id")} {
		if _, ok := requestOf(r); ok {
			t.Errorf("%s: taken for a request record", name)
		}
		if got, want := both(t, r, nil); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
	replace := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == KeyPath {
			a.Value = slog.StringValue("hidden")
		}
		return a
	}}
	if got, want := both(t, req, replace); !bytes.Equal(got, want) {
		t.Errorf("with ReplaceAttr:\n got %s\nwant %s", got, want)
	}
	var g, w bytes.Buffer
	slog.New(NewHandler(&g, nil)).With("node", "a").Info("request", "x", 1)
	slog.New(slog.NewJSONHandler(&w, nil)).With("node", "a").Info("request", "x", 1)
	if !bytes.Equal(cutTime(g.Bytes()), cutTime(w.Bytes())) {
		t.Errorf("derived logger:\n got %s\nwant %s", g.Bytes(), w.Bytes())
	}
}

// cutTime drops a JSON line's time, which two loggers take apart.
func cutTime(b []byte) []byte {
	if i := bytes.Index(b, []byte(`","level"`)); i >= 0 {
		return b[i:]
	}
	return b
}

// Log writes the same line through NewHandler as through slog's JSON
// handler, and nothing below the level.
func TestLog(t *testing.T) {
	q := Request{Time: time.Date(2026, 11, 25, 16, 47, 49, 5, time.UTC), Method: "GET", Path: "/a\"b",
		Status: 200, Bytes: 74508, Duration: 16485, ID: "x"}
	var fast, plain, quiet bytes.Buffer
	Log(context.Background(), slog.New(NewHandler(&fast, nil)), q)
	Log(context.Background(), slog.New(slog.NewJSONHandler(&plain, nil)), q)
	Log(context.Background(), slog.New(NewHandler(&quiet, &slog.HandlerOptions{Level: slog.LevelWarn})), q)
	if fast.Len() == 0 || !bytes.Equal(fast.Bytes(), plain.Bytes()) || quiet.Len() != 0 {
		t.Errorf("fast %s\nplain %s\nat warn %q", fast.Bytes(), plain.Bytes(), quiet.Bytes())
	}
}

func FuzzRequestLine(f *testing.F) {
	f.Add("GET", "/shows/x/feed.rss", "id", int64(0))
	f.Add("G\xffT", "/a\"\\\x00\u2028", "\xed\xa0\x80", int64(1<<40))
	f.Fuzz(func(t *testing.T, method, path, id string, d int64) {
		r := requestRecord(time.Unix(1764089269, d%1e9).UTC(), method, path, 200, int(d), time.Duration(d), id)
		if got, want := both(t, r, nil); !bytes.Equal(got, want) {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
	})
}

func BenchmarkRequestLine(b *testing.B) {
	r := requestRecord(time.Now(), "GET", "/shows/bench/feed.rss", 200, 74508, 16485, "a0533bb42f0edc6b")
	for _, tc := range []struct {
		name string
		h    slog.Handler
	}{
		{"NewHandler", NewHandler(discard{}, nil)},
		{"slog.JSONHandler", slog.NewJSONHandler(discard{}, nil)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tc.h.Handle(context.Background(), r)
			}
		})
	}
	q, _ := requestOf(r)
	l := slog.New(NewHandler(discard{}, nil))
	b.Run("Log", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Log(context.Background(), l, q)
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
