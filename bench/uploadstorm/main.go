// Command uploadstorm posts episodes to one show for a while, as a newsroom
// loading its archive does, and reports how many were created and how many
// failed: -rate uploads a second started on schedule (0: back to back on
// each of -c connections), each the multipart form of the API with the
// audio file given and a numbered title, over kept-alive connections, so
// that the client costs little next to the server it loads.
//
// Usage: uploadstorm -token T [-rate R] [-c N] [-d DUR] FILE URL
// (URL: .../api/v1/shows/SLUG/episodes). Prints "OK FAILED".
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	token := flag.String("token", "", "API token")
	rate := flag.Float64("rate", 16, "uploads started a second; 0: back to back")
	conns := flag.Int("c", 2, "connections")
	d := flag.Duration("d", 20*time.Second, "how long to upload")
	flag.Parse()
	if flag.NArg() != 2 || *token == "" {
		fmt.Fprintln(os.Stderr, "usage: uploadstorm -token T [-rate R] [-c N] [-d DUR] FILE URL")
		os.Exit(2)
	}
	audio, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conns}, Timeout: time.Minute}
	var n, ok, failed atomic.Int64
	upload := func() {
		i := n.Add(1)
		body, ctype := form(audio, fmt.Sprintf("Storm %d", i))
		req, _ := http.NewRequest(http.MethodPost, flag.Arg(1), bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", "Bearer "+*token)
		res, err := client.Do(req)
		if err != nil {
			failed.Add(1)
			return
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusCreated {
			ok.Add(1)
		} else {
			failed.Add(1)
		}
	}
	end := time.Now().Add(*d)
	var wg sync.WaitGroup
	if *rate <= 0 {
		for range *conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) {
					upload()
				}
			}()
		}
	} else {
		// On schedule, at most conns at a time: a server that falls
		// behind gets the uploads it can take, late, not a pile of them.
		slots := make(chan struct{}, *conns)
		every := time.Duration(float64(time.Second) / *rate)
		for next := time.Now(); next.Before(end); next = next.Add(every) {
			time.Sleep(time.Until(next))
			slots <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				upload()
				<-slots
			}()
		}
	}
	wg.Wait()
	fmt.Println(ok.Load(), failed.Load())
}

// form is the API's multipart form for an episode: its title and audio.
func form(audio []byte, title string) ([]byte, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("title", title)
	p, _ := w.CreateFormFile("audio", "storm.mp3")
	p.Write(audio)
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}
