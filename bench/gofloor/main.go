// Command gofloor is the control in bench/feeds.sh: the least a Go
// net/http server can do to serve a file, as a floor for what onair (also
// net/http) can reach. It holds FILE and FILE.gz in memory and answers GET
// and HEAD with them: gzip when asked for, 304 on a matching If-None-Match,
// nothing else (no routing, logging, metrics or security headers).
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	file := flag.String("file", "", "file to serve (FILE.gz is its gzip form)")
	ctype := flag.String("type", "application/rss+xml; charset=utf-8", "Content-Type")
	flag.Parse()
	plain, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	gz, err := os.ReadFile(*file + ".gz")
	if err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(plain)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	hType, hEtag := []string{*ctype}, []string{etag}
	hLen, hLenGz, hGzip := []string{strconv.Itoa(len(plain))}, []string{strconv.Itoa(len(gz))}, []string{"gzip"}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"], h["Etag"] = hType, hEtag
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body, n := plain, hLen
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			body, n = gz, hLenGz
			h["Content-Encoding"] = hGzip
		}
		h["Content-Length"] = n
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	})))
}
