package feedsrv

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/onair-fm/onair/web/httpx"
)

// testTemplate cuts a members feed of n items shaped like onair's: a self
// link, then items alike but for their numbers, each with a signed
// enclosure; one item's notes hold the byte the dictionaries use for slots.
func testTemplate(t *testing.T, n int) *privateTemplate {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>Daily</title>`)
	b.WriteString(`<atom:link href="` + markSelf + `" rel="self" type="application/rss+xml"/>`)
	for i := range n {
		notes := "Today's stories, explained, with interviews from the newsroom &amp; the field."
		if i == n/2 {
			notes += "\x01\x01\x01\x01\x01\x01 control bytes, as the slots look to the compressor"
		}
		fmt.Fprintf(&b, `<item><title>Day %d: the morning briefing</title><description>%s</description>`, i, notes)
		key := fmt.Sprintf("episodes/ep%05d/audio.mp3", i)
		fmt.Fprintf(&b, `<enclosure url="https://pod.example.com/media/%s?m=%s%s%s" length="%d" type="audio/mpeg"/>`, key, markOpen, key, markClose, 24000000+i)
		b.WriteString(`<guid isPermaLink="false">` + fmt.Sprint(i*7919) + `</guid></item>`)
	}
	b.WriteString(`</channel></rss>`)
	tp := &privateTemplate{}
	if err := tp.cut([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	tp.gz = newGzTemplate(tp)
	if tp.gz == nil {
		t.Fatal("newGzTemplate failed")
	}
	return tp
}

// Every subscriber's gzipped feed unzips (CRC and length checked) to the
// same bytes as their plain one, whatever their feed URL's length.
func TestPrivateGzip(t *testing.T) {
	t.Parallel()
	tp := testTemplate(t, 300)
	signer := httpx.NewMediaSigner([]byte("secret"))
	exp := httpx.MediaExpiry(time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC))
	for _, tc := range []struct{ sub, self string }{
		{"abcdefghijkl", "https://pod.example.com/feeds/private/m_" + strings.Repeat("t", 43) + ".rss"},
		{"mnopqrstuvwx", "https://pod.example.com/feeds/private/short0000000000.rss"},
		{"yzabcdefghij", "https://pod.example.com/feeds/private/" + strings.Repeat("long", 300) + ".rss"},
	} {
		plain := tp.write(nil, signer.ForSubscriber(tc.sub, exp), tc.self)
		z, ok := tp.gz.write(nil, tp, signer.ForSubscriber(tc.sub, exp), tc.self)
		if !ok {
			t.Fatalf("%s: not gzipped", tc.sub)
		}
		zr, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: unzip: %v", tc.sub, err)
		}
		if !bytes.Equal(got, plain) {
			t.Fatalf("%s: unzipped feed differs from the plain one", tc.sub)
		}
		if len(z)*4 > len(plain) {
			t.Errorf("%s: gzipped %d of %d bytes: want a quarter or less", tc.sub, len(z), len(plain))
		}
	}
	// A subscriber id of another length makes signatures the dictionaries
	// did not allow for: no gzip then, and the plain feed is served.
	if _, ok := tp.gz.write(nil, tp, signer.ForSubscriber("short", exp), "https://x/f.rss"); ok {
		t.Error("gzipped a feed whose signatures are of another length")
	}
}

// BenchmarkPrivateGzip measures assembling one subscriber's gzipped feed of
// 100 items against the plain one.
func BenchmarkPrivateGzip(b *testing.B) {
	tp := testTemplate(&testing.T{}, 100)
	signer := httpx.NewMediaSigner([]byte("secret"))
	exp := httpx.MediaExpiry(time.Now())
	self := "https://pod.example.com/feeds/private/m_" + strings.Repeat("t", 43) + ".rss"
	buf := make([]byte, 0, 1<<20)
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			buf = tp.write(buf[:0], signer.ForSubscriber("abcdefghijkl", exp), self)
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
	b.Run("gzip", func(b *testing.B) {
		for b.Loop() {
			buf, _ = tp.gz.write(buf[:0], tp, signer.ForSubscriber("abcdefghijkl", exp), self)
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
}

// BenchmarkGzTemplateBuild measures compressing a 1,000-item members
// template, done once per change to the show.
func BenchmarkGzTemplateBuild(b *testing.B) {
	tp := testTemplate(&testing.T{}, 1000)
	b.ReportAllocs()
	for b.Loop() {
		newGzTemplate(tp)
	}
}
