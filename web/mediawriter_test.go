package web

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/onair-fm/onair/internal/testmedia"
)

// TestMediaWriteDeadlines: a client that stops reading is cut off after
// the write timeout; one that reads slowly but steadily gets every byte.
func TestMediaWriteDeadlines(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("takes a few seconds")
	}
	e := newMediaEnv(t)
	// The slow client needs 80 ms per chunk; the margin is for a machine
	// busy with other tests (CI runs them side by side).
	e.srv.Cfg.MediaWriteTimeout = 2 * time.Second
	const size = 8 << 20 // more than loopback socket buffers hold
	ep := e.episode("Slow", testmedia.RandomBytes(size, 4))
	tests := []struct {
		name  string
		stall time.Duration // before reading at all
		pace  time.Duration // between 64 KiB reads
		full  bool
	}{
		{"stalled client is cut off", 4 * time.Second, 0, false},
		{"slow client gets everything", 0, 20 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := rawGet(t, e.ts.Listener.Addr().String(), "/media/"+ep.Audio.Key, tt.stall, tt.pace)
			if tt.full && (got != size || err != nil) {
				t.Errorf("read %d bytes, %v; want all %d", got, err, size)
			}
			if !tt.full && (got >= size || err == nil) {
				t.Errorf("read %d bytes, %v; want the connection ended early", got, err)
			}
		})
	}
}

// rawGet GETs path over a connection with a small receive buffer, waits
// stall, then reads the body 64 KiB at a time, pace apart. It returns the
// body bytes read and the error that ended the body early, if any.
func rawGet(t *testing.T, addr, path string, stall, pace time.Duration) (int64, error) {
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 16<<10) })
	}}
	conn, err := d.DialContext(t.Context(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: x\r\nUser-Agent: test\r\n\r\n")
	time.Sleep(stall)
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, err
	}
	var n int64
	buf := make([]byte, 64<<10)
	for {
		m, err := io.ReadFull(res.Body, buf)
		n += int64(m)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) && n == res.ContentLength {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		time.Sleep(pace)
	}
}
