//go:build !linux

package httpx

import "net"

// newConnIO returns plainIO: raw I/O (rawio_linux.go) is Linux only.
func newConnIO(c *net.TCPConn) connIO { return plainIO{c} }
