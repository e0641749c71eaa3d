//go:build linux

package httpx

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestRawIO: reads and writes through raw system calls behave as
// net.Conn's do, in what net/http relies on: all of a write that does not
// fit the socket's buffer arrives, deadlines end a wait with a timeout
// error, a closed peer reads as io.EOF, a reset one fails a write, and
// errors are *net.OpError named "read" or "write".
func TestRawIO(t *testing.T) {
	srv, client := tcpPair(t)
	raw, ok := srv.io.(*rawIO)
	if !ok {
		t.Fatalf("a TCP connection on Linux reads and writes through %T, not raw I/O", srv.io)
	}

	// A write larger than loopback's socket buffers waits for the reader.
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<19) // 8 MiB
	bufs := net.Buffers{[]byte("head "), nil, big, []byte(" tail")}
	want := append(append([]byte("head "), big...), " tail"...)
	got := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(client, int64(len(want))))
		got <- b
	}()
	if n, err := raw.Writev(&bufs); n != int64(len(want)) || err != nil || len(bufs) != 0 {
		t.Fatalf("writev: %d, %v, %d buffers left; want %d", n, err, len(bufs), len(want))
	}
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("client read %d bytes, not what was written", len(b))
	}

	// Reads: data, then a deadline, then the peer's close.
	client.Write([]byte("GET / HTTP/1.1\r\n\r\n"))
	buf := make([]byte, 64)
	if n, err := srv.Read(buf); string(buf[:n]) != "GET / HTTP/1.1\r\n\r\n" || err != nil {
		t.Fatalf("read %q, %v", buf[:n], err)
	}
	srv.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	_, err := srv.Read(buf)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past the deadline: %v, want a timeout", err)
	}
	assertOp(t, err, "read")
	srv.SetReadDeadline(time.Time{})
	client.Close()
	if n, err := srv.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("read after the peer closed: %d, %v; want io.EOF", n, err)
	}

	// A peer gone: writes fail (EPIPE or ECONNRESET) instead of hanging.
	var werr error
	for i := 0; i < 100 && werr == nil; i++ {
		_, werr = srv.Write(big[:64<<10])
	}
	if !errors.Is(werr, syscall.EPIPE) && !errors.Is(werr, syscall.ECONNRESET) {
		t.Fatalf("writing to a closed peer: %v", werr)
	}
	assertOp(t, werr, "write")

	// Our own close: as net.Conn, net.ErrClosed.
	srv.TCPConn.Close()
	if _, err := srv.Read(buf); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("read after close: %v, want net.ErrClosed", err)
	}
}

func assertOp(t *testing.T, err error, op string) {
	t.Helper()
	var oe *net.OpError
	if !errors.As(err, &oe) || oe.Op != op {
		t.Fatalf("%v is not a *net.OpError %q", err, op)
	}
}

func TestConsume(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{{0, "ab|cde|f"}, {1, "b|cde|f"}, {2, "cde|f"}, {4, "e|f"}, {5, "f"}, {6, ""}}
	for _, tt := range tests {
		v := net.Buffers{[]byte("ab"), []byte("cde"), []byte("f")}
		consume(&v, tt.n)
		if got := string(bytes.Join(v, []byte("|"))); got != tt.want {
			t.Errorf("consume %d: %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestRawIOAllocs: a write and a read allocate nothing; they run for
// every request.
func TestRawIOAllocs(t *testing.T) {
	srv, client := tcpPair(t)
	msg := []byte("HTTP/1.1 304 Not Modified\r\n\r\n")
	go io.Copy(io.Discard, client)
	if n := testing.AllocsPerRun(100, func() {
		if _, err := srv.Write(msg); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("a write allocates %.0f times", n)
	}

	srv, client = tcpPair(t)
	go func() { // more than the reads take; the rest is dropped at Cleanup
		for i := 0; i < 1000; i++ {
			if _, err := client.Write(msg); err != nil {
				return
			}
		}
	}()
	buf := make([]byte, len(msg))
	if n := testing.AllocsPerRun(100, func() {
		if _, err := io.ReadFull(srv, buf); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("a read allocates %.0f times", n)
	}

	// net/http ends every request's background read with a deadline in
	// the past: the error is RawConn's own, renamed, not a second one.
	srv.SetReadDeadline(time.Unix(1, 0))
	if n := testing.AllocsPerRun(100, func() {
		if _, err := srv.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("read past the deadline: %v", err)
		}
	}); n > 1 {
		t.Errorf("a read past its deadline allocates %.0f times, want 1 (RawConn's error)", n)
	}
}
