package tus

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestEncodeMetadata(t *testing.T) {
	for _, tc := range []struct {
		in   map[string]string
		want string
	}{
		{nil, ""},
		{map[string]string{"b": "2", "a": "1", "empty": ""}, "a MQ==,b Mg=="},
		{map[string]string{"filename": "Folge 1 – ä.mp3"}, "filename " + base64.StdEncoding.EncodeToString([]byte("Folge 1 – ä.mp3"))},
	} {
		if got := EncodeMetadata(tc.in); got != tc.want {
			t.Errorf("EncodeMetadata(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestURLStore(t *testing.T) {
	s := URLStore{Dir: t.TempDir() + "/nested"}
	k1 := Key("https://pod.example.com/", "abc", "news")
	k2 := Key("https://pod.example.com", "abc", "sport")
	if k1 == k2 || k1 != Key("https://pod.example.com", "abc", "news") || strings.ContainsAny(k1, "/.") {
		t.Fatalf("keys %q %q", k1, k2)
	}
	if s.Get(k1) != "" {
		t.Fatal("empty store has a URL")
	}
	if err := s.Put(k1, "https://pod.example.com/api/v1/uploads/1"); err != nil {
		t.Fatal(err)
	}
	if got := s.Get(k1); got != "https://pod.example.com/api/v1/uploads/1" || s.Get(k2) != "" {
		t.Errorf("Get = %q", got)
	}
	if err := s.Delete(k1); err != nil || s.Get(k1) != "" {
		t.Errorf("Delete: %v", err)
	}
	if err := s.Delete(k1); err != nil {
		t.Errorf("Delete twice: %v", err)
	}
}
