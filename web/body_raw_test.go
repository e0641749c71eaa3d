package web

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawAnswer is what a raw request got back: the status and error code of
// the answer (0 and "" when none came), and whether the server closed the
// connection within the wait.
type rawAnswer struct {
	status int
	code   string
	closed bool
	err    error
}

// rawRequest sends head (the request line and headers, without the blank
// line after them) on a new TCP connection, then the body pieces pace
// apart from another goroutine, and reads the answer within wait; with
// toClose, then waits (as long again) for the server to close.
func rawRequest(t *testing.T, addr, head string, pieces [][]byte, pace, wait time.Duration, toClose bool) rawAnswer {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, strings.TrimRight(head, "\r\n")+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	go func() {
		for i, p := range pieces {
			if i > 0 {
				time.Sleep(pace)
			}
			if _, err := conn.Write(p); err != nil {
				return
			}
		}
	}()
	conn.SetReadDeadline(time.Now().Add(wait))
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		return rawAnswer{err: err}
	}
	a := rawAnswer{status: res.StatusCode}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.err = err
		return a
	}
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil {
		a.code = e.Error.Code
	}
	if !toClose {
		return a
	}
	// The connection ends when the server closes it: EOF, or a reset
	// when it closed with bytes of ours unread.
	conn.SetReadDeadline(time.Now().Add(wait))
	_, err = br.ReadByte()
	var ne net.Error
	a.closed = err != nil && !(errors.As(err, &ne) && ne.Timeout())
	return a
}

// chunked is body in HTTP/1.1 chunked encoding, in chunks of 32 KiB.
func chunked(body []byte) []byte {
	var b strings.Builder
	for len(body) > 0 {
		n := min(len(body), 32<<10)
		fmt.Fprintf(&b, "%x\r\n%s\r\n", n, body[:n])
		body = body[n:]
	}
	b.WriteString("0\r\n\r\n")
	return []byte(b.String())
}

// split cuts b into n pieces of about the same size.
func split(b []byte, n int) [][]byte {
	var out [][]byte
	size := (len(b) + n - 1) / n
	for len(b) > 0 {
		k := min(size, len(b))
		out = append(out, b[:k])
		b = b[k:]
	}
	return out
}
