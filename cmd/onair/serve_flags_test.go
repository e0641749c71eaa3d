package main

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// TestServeRefusesBadFlags checks that serve stops at once, saying why, on
// values that would make every link or every upload fail, instead of
// running with them.
func TestServeRefusesBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--base-url", "not a url"}, "--base-url"},
		{[]string{"--base-url", "pod.example.com"}, "--base-url"},
		{[]string{"--base-url", "ftp://pod.example.com"}, "--base-url"},
		{[]string{"--max-upload", "-5"}, "--max-upload"},
		{[]string{"--max-upload", "0"}, "--max-upload"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		args := append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, tt.args...)
		err := runServe(ctx, args)
		cancel()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("serve %q: %v, want an error about %s", tt.args, err, tt.want)
		}
	}
}

// TestListen checks that serve binds before it says it serves: a taken
// address is an error, and with port 0 the default base URL names the port
// the system picked (it said http://127.0.0.1:0).
func TestListen(t *testing.T) {
	ln, base, err := listen("127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	if port == "0" || base != "http://127.0.0.1:"+port {
		t.Errorf("base URL %q for %s", base, ln.Addr())
	}
	if _, _, err := listen(ln.Addr().String(), ""); err == nil {
		t.Error("listening on a taken address succeeded")
	}
	ln2, base, err := listen("127.0.0.1:0", "https://pod.example.com")
	if err != nil || base != "https://pod.example.com" {
		t.Errorf("given base URL: %q %v", base, err)
	}
	ln2.Close()
}
