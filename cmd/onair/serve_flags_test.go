package main

import (
	"context"
	"io"
	"net"
	"net/http"
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
		{[]string{"--log-level", "loud"}, "--log-level"},
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

// TestServeMetricsAddr: with --metrics-addr, /metrics is served there and
// the main listener answers it 404 even to loopback; a taken address stops
// serve at start.
func TestServeMetricsAddr(t *testing.T) {
	main, metrics := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--addr", main, "--metrics-addr", metrics, "--data", t.TempDir(), "--count-downloads=false"})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	status := func(url string) (int, string) {
		res, err := http.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if st, _ := status("http://" + main + "/healthz"); st == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("serve did not start")
		}
	}
	if st, _ := status("http://" + main + "/metrics"); st != 404 {
		t.Errorf("main listener /metrics: %d, want 404", st)
	}
	if st, body := status("http://" + metrics + "/metrics"); st != 200 || !strings.Contains(body, "onair_http_requests_total") {
		t.Errorf("metrics listener /metrics: %d %.200s", st, body)
	}
	if st, _ := status("http://" + metrics + "/healthz"); st != 404 {
		t.Errorf("metrics listener /healthz: %d, want 404", st)
	}

	err := runServe(context.Background(), []string{"--addr", "127.0.0.1:0", "--metrics-addr", metrics, "--data", t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "--metrics-addr") {
		t.Errorf("serve with a taken --metrics-addr: %v", err)
	}
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
