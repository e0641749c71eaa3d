package web

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strconv"
	"testing"
	"time"

	"github.com/onair-fm/onair/web/httpx"
)

// A real server with Listener and ConnContext sends the same feeds, in
// every encoding and on one kept-alive connection, as without them.
func TestFeedsCorkedOverRealConnection(t *testing.T) {
	t.Parallel()
	env := newFeedEnv(t, Config{})
	env.SeedShow("daily", 200)
	ts := httptest.NewUnstartedServer(env.H)
	ts.Listener = httpx.Listener(ts.Listener)
	ts.Config.ConnContext = httpx.ConnContext
	var conns []net.Conn
	ts.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns = append(conns, c)
		}
	}
	ts.Start()
	defer ts.Close()

	path := "/shows/daily/feed.rss"
	plain := env.Do(http.MethodGet, path)
	gz := env.Do(http.MethodGet, path, "Accept-Encoding", "gzip")
	if gz.Body.Len() < httpx.CorkMin {
		t.Fatalf("gzip feed is %d bytes: too small to be corked", gz.Body.Len())
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	reused := 0
	for i, tc := range []struct {
		method string
		hdr    []string
		code   int
		want   []byte
	}{
		{http.MethodGet, []string{"Accept-Encoding", "gzip"}, 200, gz.Body.Bytes()},
		{http.MethodGet, nil, 200, plain.Body.Bytes()},
		{http.MethodGet, []string{"If-None-Match", gz.Header().Get("ETag")}, 304, nil},
		{http.MethodHead, []string{"Accept-Encoding", "gzip"}, 200, nil},
		{http.MethodGet, []string{"Accept-Encoding", "gzip"}, 200, gz.Body.Bytes()},
		{http.MethodGet, nil, 404, nil}, // small, uncorked, after corked ones
	} {
		p := path
		if tc.code == 404 {
			p = "/shows/nope/feed.rss"
		}
		req, _ := http.NewRequest(tc.method, ts.URL+p, nil)
		for j := 0; j+1 < len(tc.hdr); j += 2 {
			req.Header.Set(tc.hdr[j], tc.hdr[j+1])
		}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(ci httptrace.GotConnInfo) {
				if ci.Reused {
					reused++
				}
			},
		}))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != tc.code {
			t.Fatalf("request %d: %d, %v", i, resp.StatusCode, err)
		}
		if tc.want != nil && !bytes.Equal(body, tc.want) {
			t.Errorf("request %d: body differs from the cached feed (%d bytes, want %d)", i, len(body), len(tc.want))
		}
	}
	if reused != 5 || len(conns) != 1 {
		t.Fatalf("%d of 5 later requests reused the connection; %d connections", reused, len(conns))
	}
	if n := httpx.WholeResponses(conns[0]); n != 3 {
		t.Errorf("%d responses sent whole, want the 3 full GETs", n)
	}
}

// A whole response the client hung up on must end the connection, as a
// failed write does without corking: net/http would otherwise take it as
// sent and serve the client's next pipelined request to nobody.
func TestCorkedFailedSendClosesConnection(t *testing.T) {
	t.Parallel()
	hungUp := make(chan struct{})
	served := make(chan string, 2)
	body := bytes.Repeat([]byte("feed "), 20000)
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served <- r.URL.Path
		if r.URL.Path == "/feed" {
			<-hungUp
			time.Sleep(50 * time.Millisecond) // the reset arrives
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			httpx.WriteWhole(w, r, body)
		}
	}))
	ts.Listener = httpx.Listener(ts.Listener)
	ts.Config.ConnContext = httpx.ConnContext
	ts.Start()
	defer ts.Close()

	client, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	client.Write([]byte("GET /feed HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"))
	if p := <-served; p != "/feed" {
		t.Fatalf("served %s first", p)
	}
	client.(*net.TCPConn).SetLinger(0) // close with a reset
	client.Close()
	close(hungUp)
	select {
	case p := <-served:
		t.Fatalf("served %s after the response before it failed", p)
	case <-time.After(300 * time.Millisecond):
	}
}
