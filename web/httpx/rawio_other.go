//go:build !linux

package httpx

import "net"

// rawIO is Linux only (rawio_linux.go); elsewhere connections read and
// write through net.Conn.
type rawIO struct{}

func newRawIO(*net.TCPConn) *rawIO { return nil }

func (*rawIO) Read([]byte) (int, error)           { panic("httpx: no raw I/O here") }
func (*rawIO) Write([]byte) (int, error)          { panic("httpx: no raw I/O here") }
func (*rawIO) Writev(*net.Buffers) (int64, error) { panic("httpx: no raw I/O here") }
