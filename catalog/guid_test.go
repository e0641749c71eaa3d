package catalog

import (
	"bytes"
	"strings"
	"testing"
)

func TestShowGUID(t *testing.T) {
	// The example in the Podcasting 2.0 namespace spec for podcast:guid.
	const want = "917393e3-1b1e-5cef-ace4-edaa54e1f810"
	for _, u := range []string{
		"https://mp3s.nashownotes.com/pc20rss.xml",
		"http://mp3s.nashownotes.com/pc20rss.xml",
		"https://mp3s.nashownotes.com/pc20rss.xml/",
	} {
		if got := ShowGUID(u); got != want {
			t.Errorf("ShowGUID(%q) = %s, want %s", u, got, want)
		}
	}
}

func TestNewToken(t *testing.T) {
	s1, t1 := NewToken("ci")
	s2, _ := NewToken("ci")
	if s1 == s2 {
		t.Fatal("two tokens with the same secret")
	}
	if !strings.HasPrefix(s1, "onair_") || len(s1) != len("onair_")+43 {
		t.Errorf("secret %q: want onair_ and 43 base64url characters", s1)
	}
	if t1.Name != "ci" || t1.ID == "" {
		t.Errorf("token = %+v", t1)
	}
	if !bytes.Equal(t1.Hash, HashToken(s1)) || bytes.Equal(t1.Hash, HashToken(s2)) {
		t.Error("hash does not identify the secret")
	}
	if bytes.Contains(t1.Hash, []byte(s1)) {
		t.Error("hash holds the secret")
	}
}
