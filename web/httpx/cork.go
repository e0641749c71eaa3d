package httpx

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
)

// Listener wraps a TCP listener so that handlers can send a response in
// one write (WriteWhole). http.Server needs ConnContext too.
func Listener(ln net.Listener) net.Listener { return corkListener{ln} }

// ConnContext is for http.Server.ConnContext: it lets a request's handler
// reach its connection from Listener.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*corkConn); ok {
		return context.WithValue(ctx, corkConnKey{}, cc)
	}
	return ctx
}

type corkConnKey struct{}

type corkListener struct{ net.Listener }

func (l corkListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		return &corkConn{TCPConn: tc, io: newConnIO(tc)}, nil
	}
	return c, err
}

// connIO is how a corkConn reads and writes its socket: with raw system
// calls on Linux (rawIO, rawio_linux.go), through net.Conn elsewhere.
type connIO interface {
	Read(p []byte) (int, error)
	Write(p []byte) (int, error)
	// Writev writes every byte of bufs and consumes them.
	Writev(bufs *net.Buffers) (int64, error)
}

// plainIO is connIO through net.Conn.
type plainIO struct{ *net.TCPConn }

func (p plainIO) Writev(bufs *net.Buffers) (int64, error) { return bufs.WriteTo(p.TCPConn) }

// corkConn is a TCP connection that can hold a response's writes and send
// them with one writev. net/http writes a response as its 4 KiB buffer
// (the header and the body's start) and then the rest of the body; sent
// apart, the first part travels as a segment of its own, which costs the
// client a wake-up and a read and the server a system call. For a 74 KB
// gzip feed, sending it whole is about a tenth more requests per second
// (bench/feeds.sh). The embedded *net.TCPConn keeps sendfile (ReadFrom)
// for media.
type corkConn struct {
	*net.TCPConn
	io     connIO // the socket's reads and writes
	corked bool
	body   []byte      // the handler's body, unchanged until uncork
	small  []byte      // copies of the other writes held back
	held   net.Buffers // what is held back, in order
	out    net.Buffers // what of held is left to send
	err    error
	// sent counts responses sent whole, for tests, which read it from
	// another goroutine.
	sent atomic.Int64
}

func (c *corkConn) Read(p []byte) (int, error) { return c.io.Read(p) }

func (c *corkConn) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if !c.corked {
		return c.io.Write(p)
	}
	if isTail(p, c.body) {
		// net/http passes the body's rest straight through: keep it by
		// reference. Anything else may be a buffer net/http reuses.
		// Being the last write, it sends what is held: a failed send must
		// be this Write's error, which net/http sees (checkConnErrorWriter)
		// and closes the connection. Reported only later, net/http would
		// take the response as sent and serve the client's next pipelined
		// request to a dead peer.
		c.held = append(c.held, p)
		c.uncork()
		if c.err != nil {
			return 0, c.err
		}
		return len(p), nil
	}
	off := len(c.small)
	c.small = append(c.small, p...)
	c.held = append(c.held, c.small[off:len(c.small):len(c.small)])
	return len(p), nil
}

// uncork sends what was held back in one writev, unless the body's last
// Write did. A failure is returned by the connection's next Write too:
// when the body's tail is still in net/http's buffer, by its flush.
func (c *corkConn) uncork() {
	if !c.corked {
		return
	}
	c.corked = false
	c.out = c.held // writing consumes it; held keeps the array
	if _, err := c.io.Writev(&c.out); err != nil {
		c.err = err
	}
	c.sent.Add(1)
	clear(c.held)
	c.held, c.small, c.body = c.held[:0], c.small[:0], nil
	if cap(c.small) > 64<<10 {
		c.small = nil // not kept for an idle connection
	}
}

// isTail reports whether p is the end of body, in body's own memory.
func isTail(p, body []byte) bool {
	return len(p) > 0 && len(p) <= len(body) && &p[0] == &body[len(body)-len(p)]
}

// corkMin is net/http's connection buffer: a smaller response already
// leaves in one write.
const corkMin = 4 << 10

// CorkMin is the smallest body WriteWhole sends whole.
const CorkMin = corkMin

// WriteWhole writes a response body that is entirely in memory, and
// unchanged until it returns, as one write with its header (corkConn).
func WriteWhole(w http.ResponseWriter, r *http.Request, body []byte) {
	c, _ := r.Context().Value(corkConnKey{}).(*corkConn)
	if c == nil || len(body) < corkMin {
		w.Write(body)
		return
	}
	c.corked, c.body = true, body
	defer c.uncork()
	w.Write(body)
}

// WholeResponses is how many responses conn sent whole, in one write; 0
// for a connection Listener did not wrap. Tests see corking at work by it.
func WholeResponses(conn net.Conn) int {
	if c, ok := conn.(*corkConn); ok {
		return int(c.sent.Load())
	}
	return 0
}
