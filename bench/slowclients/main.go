// Command slowclients holds many slow downloads open against one URL, as
// listeners on poor connections do, and reports errors: it opens -n
// connections, each GETs the URL and reads it at -rate bytes a second for
// -d, then hangs up. A connection that fails or ends early is an error.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	n := flag.Int("n", 1000, "connections")
	rate := flag.Int("rate", 16<<10, "bytes a second each connection reads")
	d := flag.Duration("d", 60*time.Second, "how long each connection reads")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: slowclients [-n N] [-rate B] [-d DUR] URL")
		os.Exit(2)
	}
	u, err := url.Parse(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var ok, failed, bytes atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range *n {
		wg.Go(func() {
			// Spread the starts over a second, as real clients arrive.
			time.Sleep(time.Duration(i) * time.Second / time.Duration(*n))
			got, err := slowGet(u, *rate, *d)
			bytes.Add(got)
			if err != nil {
				if failed.Add(1) <= 5 {
					fmt.Fprintln(os.Stderr, "connection:", err)
				}
				return
			}
			ok.Add(1)
		})
	}
	wg.Wait()
	fmt.Printf("slow clients: %d connections, %d ok, %d errors, %.1f MiB read in %.0f s\n",
		*n, ok.Load(), failed.Load(), float64(bytes.Load())/(1<<20), time.Since(start).Seconds())
	if failed.Load() > 0 {
		os.Exit(1)
	}
}

// slowGet reads u at rate bytes a second for d over one connection with a
// small receive buffer, so the server really has to wait for it.
func slowGet(u *url.URL, rate int, d time.Duration) (int64, error) {
	dialer := net.Dialer{Timeout: 10 * time.Second}
	conn, err := dialer.DialContext(context.Background(), "tcp", u.Host)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if err := conn.(*net.TCPConn).SetReadBuffer(32 << 10); err != nil {
		return 0, err
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: slowclients/1.0\r\n\r\n", u.RequestURI(), u.Host)
	br := bufio.NewReaderSize(conn, 4<<10)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0, err
	}
	// No res.Body.Close: it would read the rest of the file. Hanging up
	// (conn.Close above) is what a listener who stops does.
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d", res.StatusCode)
	}
	var total int64
	buf := make([]byte, rate/10)
	end := time.Now().Add(d)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for time.Now().Before(end) {
		<-tick.C
		m, err := io.ReadFull(res.Body, buf)
		total += int64(m)
		if err != nil {
			return total, fmt.Errorf("after %d bytes: %w", total, err)
		}
	}
	return total, nil
}
