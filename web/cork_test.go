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
)

// tcpPair returns both ends of a loopback TCP connection, the server's
// wrapped by Listener.
func tcpPair(t *testing.T) (*corkConn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c, err := Listener(ln).Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); client.Close() })
	return c.(*corkConn), client
}

func TestCorkConnHoldsWritesUntilUncork(t *testing.T) {
	srv, client := tcpPair(t)
	small := []byte("HTTP/1.1 200 OK\r\n\r\n")
	body := bytes.Repeat([]byte("feed "), 4000)
	buf := bytes.Repeat([]byte("b"), 5000) // a buffer the writer reuses
	want := append(append(append([]byte{}, small...), buf...), body[100:]...)

	srv.corked, srv.body = true, body
	srv.Write(small)
	small[0] = 'X' // net/http reuses its buffer: what was written must not change
	srv.Write(buf)
	buf[0] = 'X'
	if len(srv.held) != 2 || &srv.held[1][0] == &buf[0] {
		t.Fatal("only the body's tail may be held by reference")
	}
	client.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, err := client.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Fatalf("read %d bytes while corked (err %v)", n, err)
	}
	// The body's tail is the last write: it sends everything.
	if n, err := srv.Write(body[100:]); n != len(body)-100 || err != nil || srv.corked {
		t.Fatalf("tail write: %d, %v; corked %v", n, err, srv.corked)
	}
	srv.uncork() // WriteWhole's, a no-op now
	client.SetReadDeadline(time.Now().Add(5 * time.Second))
	got := make([]byte, len(want))
	if _, err := io.ReadFull(client, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("peer received other bytes than were written")
	}
	if srv.sent != 1 {
		t.Errorf("sent %d responses whole, want 1", srv.sent)
	}

	// Uncorked, writes go straight out again.
	srv.Write([]byte("next"))
	if _, err := io.ReadFull(client, got[:4]); err != nil || string(got[:4]) != "next" {
		t.Fatalf("after uncork: %q, %v", got[:4], err)
	}
}

func TestCorkConnReportsFailedSend(t *testing.T) {
	srv, _ := tcpPair(t)
	srv.TCPConn.Close()
	srv.corked = true
	srv.Write([]byte("held"))
	srv.uncork()
	if srv.err == nil {
		t.Fatal("uncork on a closed connection kept no error")
	}
	if _, err := srv.Write([]byte("x")); err != srv.err {
		t.Fatalf("next Write = %v, want the failed send's error", err)
	}
}

// A real server with Listener and ConnContext sends the same feeds, in
// every encoding and on one kept-alive connection, as without them.
func TestFeedsCorkedOverRealConnection(t *testing.T) {
	env := newFeedEnv(t, Config{})
	env.seedShow("daily", 200)
	ts := httptest.NewUnstartedServer(env.h)
	ts.Listener = Listener(ts.Listener)
	ts.Config.ConnContext = ConnContext
	var conns []*corkConn
	ts.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if cc, ok := c.(*corkConn); ok && s == http.StateNew {
			conns = append(conns, cc)
		}
	}
	ts.Start()
	defer ts.Close()

	path := "/shows/daily/feed.rss"
	plain := env.do(http.MethodGet, path)
	gz := env.do(http.MethodGet, path, "Accept-Encoding", "gzip")
	if gz.Body.Len() < corkMin {
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
	if conns[0].sent != 3 {
		t.Errorf("%d responses sent whole, want the 3 full GETs", conns[0].sent)
	}
}

// Sending a response whole allocates nothing once the connection has
// served one.
func TestCorkConnReusesBuffers(t *testing.T) {
	srv, client := tcpPair(t)
	go io.Copy(io.Discard, client)
	hdr, body := []byte("HTTP/1.1 200 OK\r\n\r\n"), bytes.Repeat([]byte("x"), 8<<10)
	send := func() {
		srv.corked, srv.body = true, body
		srv.Write(hdr)
		srv.Write(body)
		srv.uncork()
	}
	send()
	if n := testing.AllocsPerRun(100, send); n != 0 {
		t.Errorf("%v allocations per response", n)
	}
}

// A whole response the client hung up on must end the connection, as a
// failed write does without corking: net/http would otherwise take it as
// sent and serve the client's next pipelined request to nobody.
func TestCorkedFailedSendClosesConnection(t *testing.T) {
	hungUp := make(chan struct{})
	served := make(chan string, 2)
	body := bytes.Repeat([]byte("feed "), 20000)
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served <- r.URL.Path
		if r.URL.Path == "/feed" {
			<-hungUp
			time.Sleep(50 * time.Millisecond) // the reset arrives
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			WriteWhole(w, r, body)
		}
	}))
	ts.Listener = Listener(ts.Listener)
	ts.Config.ConnContext = ConnContext
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
