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
	t.Parallel()
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
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			args := append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, tt.args...)
			err := runServe(ctx, args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("serve %q: %v, want an error about %s", tt.args, err, tt.want)
			}
		})
	}
}

// TestListen checks that serve binds before it says it serves: a taken
// address is an error, and with port 0 the default base URL names the port
// the system picked (it said http://127.0.0.1:0).
func TestListen(t *testing.T) {
	t.Parallel()
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
// serve at start. Both addresses are the system's choice, read from the
// log.
func TestServeMetricsAddr(t *testing.T) {
	t.Parallel()
	s := startServe(t, serveHooks{}, "--metrics-addr", "127.0.0.1:0", "--count-downloads=false")
	line := s.log.wait("metrics serving", s.ended, 10*time.Second)
	if line == nil {
		t.Fatalf("serve did not say where it serves metrics:\n%s", s.log)
	}
	metrics := "http://" + line["addr"].(string)
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	status := func(url string) (int, string) {
		res, err := client.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if st, body := status(s.url + "/healthz"); st != 200 {
		t.Errorf("main listener /healthz: %d %.200s", st, body)
	}
	if st, _ := status(s.url + "/metrics"); st != 404 {
		t.Errorf("main listener /metrics: %d, want 404", st)
	}
	if st, body := status(metrics + "/metrics"); st != 200 || !strings.Contains(body, "onair_http_requests_total") {
		t.Errorf("metrics listener /metrics: %d %.200s", st, body)
	}
	if st, _ := status(metrics + "/healthz"); st != 404 {
		t.Errorf("metrics listener /healthz: %d, want 404", st)
	}

	_, taken, _ := net.SplitHostPort(line["addr"].(string))
	err := runServe(context.Background(), []string{"--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:" + taken, "--data", t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "--metrics-addr") {
		t.Errorf("serve with a taken --metrics-addr: %v", err)
	}
	if err := s.shutdown(t); err != nil {
		t.Errorf("serve: %v", err)
	}
}
