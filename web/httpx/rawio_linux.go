//go:build linux

package httpx

import (
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"
)

// rawIO reads and writes a non-blocking TCP socket with raw system calls,
// which the Go scheduler does not see. Through net.Conn each read and
// write is a system call the scheduler prepares for: a busy server's
// writev of a 74 KB feed lasts long enough that the runtime's monitor
// thread hands the P to another thread meanwhile, waking it, and keeps
// polling every 20 us because it did. Each of those is a context switch;
// on a virtual machine they took a seventh of a busy server's CPU (perf),
// half of that after this change. A system call on a non-blocking socket
// never waits: it copies what fits and returns, so the P it keeps is kept
// for a copy's time (bench/feeds.sh, gzip case: about a tenth fewer
// CPU-seconds per request). Waiting for the socket goes through
// syscall.RawConn, which keeps the connection's deadlines and closing
// exactly as net.Conn does.
type rawIO struct {
	conn *net.TCPConn
	rc   syscall.RawConn

	// The arguments and results of the call in progress, for readFn and
	// writeFn, which are made once per connection (a closure made per
	// call would be an allocation per call).
	rbuf   []byte
	rn     int
	rerrno syscall.Errno
	wbufs  net.Buffers
	wn     int64
	werrno syscall.Errno
	iov    []syscall.Iovec
	one    [1][]byte // Write's buffers, kept to not allocate them per call

	readFn, writeFn func(fd uintptr) bool
}

// iovMax is Linux's IOV_MAX: the most buffers one writev takes.
const iovMax = 1024

// newConnIO returns c's rawIO, or plainIO if c has no file descriptor.
func newConnIO(c *net.TCPConn) connIO {
	rc, err := c.SyscallConn()
	if err != nil {
		return plainIO{c}
	}
	r := &rawIO{conn: c, rc: rc}
	r.readFn = r.read
	r.writeFn = r.writev
	return r
}

// Read reads as net.Conn's Read does.
func (r *rawIO) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	r.rbuf, r.rn, r.rerrno = p, 0, 0
	err := r.rc.Read(r.readFn)
	r.rbuf = nil
	if err != nil {
		return 0, r.opError("read", err)
	}
	if r.rerrno != 0 {
		return 0, r.opError("read", os.NewSyscallError("read", r.rerrno))
	}
	if r.rn == 0 {
		return 0, io.EOF
	}
	return r.rn, nil
}

func (r *rawIO) read(fd uintptr) bool {
	for {
		n, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&r.rbuf[0])), uintptr(len(r.rbuf)))
		switch e {
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return false // RawConn waits until the socket is readable
		}
		r.rn, r.rerrno = int(n), e
		return true
	}
}

// Writev writes every byte of bufs, as net.Buffers' WriteTo does, and
// consumes bufs.
func (r *rawIO) Writev(bufs *net.Buffers) (int64, error) {
	r.wbufs, r.wn, r.werrno = *bufs, 0, 0
	err := r.rc.Write(r.writeFn)
	*bufs, r.wbufs = r.wbufs, nil
	clear(r.iov)
	if err == nil && r.werrno != 0 {
		err = os.NewSyscallError("writev", r.werrno)
	}
	if err != nil {
		return r.wn, r.opError("write", err)
	}
	return r.wn, nil
}

// Write writes all of p.
func (r *rawIO) Write(p []byte) (int, error) {
	r.one[0] = p
	bufs := net.Buffers(r.one[:])
	n, err := r.Writev(&bufs)
	r.one[0] = nil
	return int(n), err
}

func (r *rawIO) writev(fd uintptr) bool {
	for {
		r.iov = r.iov[:0]
		for _, b := range r.wbufs {
			if len(r.iov) == iovMax {
				break
			}
			if len(b) > 0 {
				r.iov = append(r.iov, syscall.Iovec{Base: &b[0], Len: uint64(len(b))})
			}
		}
		if len(r.iov) == 0 {
			return true
		}
		n, _, e := syscall.RawSyscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&r.iov[0])), uintptr(len(r.iov)))
		switch e {
		case 0:
			r.wn += int64(n)
			consume(&r.wbufs, int64(n))
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false // RawConn waits until the socket is writable
		default:
			r.werrno = e
			return true
		}
	}
}

// consume drops the first n bytes of v.
func consume(v *net.Buffers, n int64) {
	for len(*v) > 0 && n >= int64(len((*v)[0])) {
		n -= int64(len((*v)[0]))
		(*v)[0] = nil
		*v = (*v)[1:]
	}
	if len(*v) > 0 {
		(*v)[0] = (*v)[0][n:]
	}
}

// opError wraps err as net.Conn's methods do: net/http tells a client gone
// from a failure by it (an *net.OpError whose Op is "read"). RawConn's own
// errors are *net.OpError already, made afresh for each call, with the
// connection's addresses: only their Op ("raw-read", "raw-write") changes,
// which spares an allocation where every request has one (net/http ends
// its background read with a deadline).
func (r *rawIO) opError(op string, err error) error {
	if oe, ok := err.(*net.OpError); ok {
		oe.Op = op
		return oe
	}
	return &net.OpError{Op: op, Net: "tcp", Source: r.conn.LocalAddr(), Addr: r.conn.RemoteAddr(), Err: err}
}
