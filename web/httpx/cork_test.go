package httpx

import (
	"bytes"
	"io"
	"net"
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
	if n := srv.sent.Load(); n != 1 {
		t.Errorf("sent %d responses whole, want 1", n)
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
