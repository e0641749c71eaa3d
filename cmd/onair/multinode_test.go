package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/media/storagetest"
)

// TestTwoNodes runs two onair processes on one PostgreSQL schema and one S3
// bucket, as a load-balanced deployment would, and checks that they act as
// one server: what is done through one node is seen through the other on
// its next request, and download counts add up across nodes.
func TestTwoNodes(t *testing.T) {
	t.Parallel()
	db := pgtest.DSN(t)
	s3 := storagetest.S3Bucket(t)
	bin := onairBinary(t)
	env := append(os.Environ(), "AWS_ACCESS_KEY_ID="+s3.AccessKey, "AWS_SECRET_ACCESS_KEY="+s3.SecretKey)
	storage := storagetest.StorageURL(s3)
	const public = "https://pod.example" // the one public URL both nodes are behind

	out, err := onairCmd(env, bin, "token", "create", "--name", "e2e", "--db", db, "--storage", storage, "--data", t.TempDir()).Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	token := strings.TrimSpace(string(out))
	a := startNode(t, bin, env, "--db", db, "--storage", storage, "--base-url", public)
	b := startNode(t, bin, env, "--db", db, "--storage", storage, "--base-url", public)
	api := func(n *node, method, path string, body io.Reader, ctype string) []byte {
		t.Helper()
		req, _ := http.NewRequest(method, n.url+"/api/v1"+path, body)
		req.Header.Set("Authorization", "Bearer "+token)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 300 {
			t.Fatalf("%s %s on %s: %s %s", method, path, n.name, res.Status, b)
		}
		return b
	}

	api(a, "POST", "/shows", strings.NewReader(`{"slug":"news","title":"The News","description":"Daily","author":"Newsroom","language":"en","categories":["News"]}`), "application/json")
	// Both nodes render (and cache) the empty feed first.
	for _, n := range []*node{a, b} {
		if items := feedItems(t, n); len(items) != 0 {
			t.Fatalf("%s: new show's feed has %d items", n.name, len(items))
		}
	}

	audio, err := os.ReadFile(filepath.Join("..", "..", "testdata", "mp3_cbr_id3v23_apic.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	upload := func(n *node, title string, at time.Time) (id, guid, key string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("title", title)
		mw.WriteField("status", "published")
		mw.WriteField("published_at", at.UTC().Format(time.RFC3339))
		fw, _ := mw.CreateFormFile("audio", "episode.mp3")
		fw.Write(audio)
		mw.Close()
		var ep struct {
			ID, GUID string
			Audio    struct{ URL string }
		}
		if err := json.Unmarshal(api(n, "POST", "/shows/news/episodes", &body, mw.FormDataContentType()), &ep); err != nil {
			t.Fatal(err)
		}
		return ep.ID, ep.GUID, strings.TrimPrefix(ep.Audio.URL, public+"/media/")
	}

	// Upload through A: B's feed lists it within a second (B may trust the
	// show row it read just before for that long, not longer).
	id, guid, key := upload(a, "First", time.Now().Add(-time.Minute))
	items := waitFeed(t, b, time.Now(), "the upload through A", func(items []*gofeed.Item) bool {
		return len(items) == 1 && items[0].GUID == guid
	})
	if enc := items[0].Enclosures; len(enc) != 1 || enc[0].URL != public+"/media/"+key {
		t.Errorf("enclosure %v, want %s", enc, public+"/media/"+key)
	}

	// Its audio streams from B, with ranges.
	for _, rng := range [][2]int{{0, 1}, {100, 4099}, {len(audio) - 10, len(audio) - 1}} {
		got, status := get(t, b.url+"/media/"+key, fmt.Sprintf("bytes=%d-%d", rng[0], rng[1]), nil)
		if status != http.StatusPartialContent || !bytes.Equal(got, audio[rng[0]:rng[1]+1]) {
			t.Errorf("B range %v: %d, %d bytes; want 206 with the file's bytes", rng, status, len(got))
		}
	}
	if got, status := get(t, b.url+"/media/"+key, "", nil); status != 200 || !bytes.Equal(got, audio) {
		t.Errorf("B whole file: %d, %d bytes", status, len(got))
	}

	// Delete through B: A's feed drops it within a second.
	api(b, "DELETE", "/episodes/"+id, nil, "")
	waitFeed(t, a, time.Now(), "the delete through B", func(items []*gofeed.Item) bool { return len(items) == 0 })

	// An episode scheduled two seconds ahead through A: neither feed shows
	// it before its time, both within a second after (no node is told).
	at := time.Now().Add(2 * time.Second).Truncate(time.Second).Add(time.Second)
	_, sguid, skey := upload(a, "Scheduled", at)
	for _, n := range []*node{a, b} {
		if items := feedItems(t, n); time.Now().Before(at) && len(items) != 0 {
			t.Errorf("%s lists the scheduled episode before its time", n.name)
		}
	}
	for _, n := range []*node{a, b} {
		waitFeed(t, n, at, "the scheduled episode", func(items []*gofeed.Item) bool {
			if len(items) != 1 || items[0].GUID != sguid {
				return false
			}
			if time.Now().Before(at) {
				t.Errorf("%s lists the scheduled episode before its time", n.name)
			}
			return true
		})
	}
	if _, status := get(t, a.url+"/media/"+skey, "bytes=0-1", nil); status != http.StatusPartialContent {
		t.Errorf("scheduled episode's audio after its time: %d", status)
	}
	api(a, "DELETE", "/episodes/"+strings.Split(skey, "/")[1], nil, "")

	// 200 range requests over both nodes: four listeners each fetch the
	// whole file in 45 ranges, alternating nodes, and one only probes the
	// first two bytes 20 times. Four downloads.
	_, _, key = upload(b, "Second", time.Now().Add(-time.Minute))
	const iphone = "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)"
	requests := 0
	for l := range 5 {
		ip := fmt.Sprintf("192.0.2.%d", 10+l)
		hdr := map[string]string{"X-Forwarded-For": ip, "User-Agent": iphone}
		n := 45
		if l == 4 {
			n = 20
		}
		step := (len(audio) + n - 1) / n
		for i := range n {
			node := []*node{a, b}[(i+l)%2]
			from, to := i*step, min((i+1)*step, len(audio))-1
			if l == 4 {
				from, to = 0, 1
			}
			got, status := get(t, node.url+"/media/"+key, fmt.Sprintf("bytes=%d-%d", from, to), hdr)
			if status != http.StatusPartialContent || !bytes.Equal(got, audio[from:to+1]) {
				t.Fatalf("listener %d range %d-%d on %s: %d", l, from, to, node.name, status)
			}
			requests++
		}
	}
	if requests != 200 {
		t.Fatalf("made %d requests, want 200", requests)
	}
	waitDownloads(t, 4, "200 range requests over A and B", []*node{a, b}, func(i int) []byte {
		return api([]*node{a, b}[i%2], "GET", "/shows/news/stats", nil, "")
	})

	// A third node redirects media to presigned S3 URLs. A sixth listener
	// fetches the file through it in ten ranges: the client follows each
	// redirect to the object store, and the node counts what was asked.
	c := startNode(t, bin, env, "--db", db, "--storage", storage, "--base-url", public, "--media-redirect")
	hdr := map[string]string{"X-Forwarded-For": "192.0.2.99", "User-Agent": iphone}
	step := (len(audio) + 9) / 10
	for i := range 10 {
		from, to := i*step, min((i+1)*step, len(audio))-1
		got, status := get(t, c.url+"/media/"+key, fmt.Sprintf("bytes=%d-%d", from, to), hdr)
		if status != http.StatusPartialContent || !bytes.Equal(got, audio[from:to+1]) {
			t.Fatalf("redirected range %d-%d on %s: %d, %d bytes", from, to, c.name, status, len(got))
		}
	}
	waitDownloads(t, 5, "ten redirected range requests more", []*node{a, b, c}, func(i int) []byte {
		return api([]*node{a, b, c}[i%3], "GET", "/shows/news/stats", nil, "")
	})
}

// waitDownloads reads the show's download total (through stats, which
// alternates nodes) and the downloads each node's folds counted (its
// onair_downloads_counted_total) until both reach want, and then wants
// both to be want: every download stored, each counted by one fold of one
// node. Events reach the database within a node's flush interval (1s)
// and are counted by whichever node holds the counting lock.
func waitDownloads(t *testing.T, want int64, what string, nodes []*node, stats func(i int) []byte) {
	t.Helper()
	total := func(i int) int64 {
		var rep struct{ Total int64 }
		if err := json.Unmarshal(stats(i), &rep); err != nil {
			t.Fatal(err)
		}
		return rep.Total
	}
	counted := func() int64 {
		var sum int64
		for _, n := range nodes {
			sum += n.counted(t)
		}
		return sum
	}
	got, folded := total(0), counted()
	for i, deadline := 1, time.Now().Add(30*time.Second); (got < want || folded < want) && time.Now().Before(deadline); i++ {
		time.Sleep(100 * time.Millisecond)
		got, folded = total(i), counted()
	}
	if got != want || folded != want {
		t.Errorf("%s: %d downloads stored and %d counted by the nodes, want %d", what, got, folded, want)
	}
}

// node is one running onair serve process.
type node struct {
	name, url string
	cmd       *exec.Cmd
	log       *serveLog
	exited    chan struct{} // closed when the process has ended
}

// counted is the node's onair_downloads_counted_total.
func (n *node) counted(t *testing.T) int64 {
	t.Helper()
	body, status := get(t, n.url+"/metrics", "", nil)
	if status != 200 {
		t.Fatalf("%s /metrics: %d", n.name, status)
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "onair_downloads_counted_total "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", n.name, line, err)
			}
			return int64(f)
		}
	}
	t.Fatalf("%s /metrics has no onair_downloads_counted_total", n.name)
	return 0
}

func onairCmd(env []string, bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = os.Stderr
	return cmd
}

// startNode starts onair serve on a port of the system's choosing and
// returns once its log says where it serves. The node gets an interrupt
// when the test ends, and its log is shown when the test failed.
func startNode(t *testing.T, bin string, env []string, args ...string) *node {
	t.Helper()
	n := &node{name: "node", log: newServeLog(), exited: make(chan struct{})}
	n.cmd = exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, args...)...)
	n.cmd.Env = env
	n.cmd.Stdout, n.cmd.Stderr = n.log, n.log
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { n.cmd.Wait(); close(n.exited) }()
	t.Cleanup(func() {
		n.cmd.Process.Signal(os.Interrupt)
		select {
		case <-n.exited:
		case <-time.After(20 * time.Second):
			n.cmd.Process.Kill()
			<-n.exited
		}
		if t.Failed() {
			t.Logf("%s log:\n%s", n.name, n.log)
		}
	})
	line := n.log.wait("onair serving", n.exited, 30*time.Second)
	if line == nil {
		t.Fatalf("onair serve did not come up:\n%s", n.log)
	}
	addr := line["addr"].(string)
	n.name, n.url = "node "+addr, "http://"+addr
	return n
}

func get(t *testing.T, url, rng string, hdr map[string]string) ([]byte, int) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b, res.StatusCode
}

// waitFeed reads n's feed until ok holds, and fails if a request that
// started more than a second after the change (at since) still did not
// see it. It returns the items that did.
func waitFeed(t *testing.T, n *node, since time.Time, change string, ok func([]*gofeed.Item) bool) []*gofeed.Item {
	t.Helper()
	for {
		start := time.Now()
		items := feedItems(t, n)
		if ok(items) {
			t.Logf("%s's feed showed %s after %v", n.name, change, start.Sub(since).Round(time.Millisecond))
			return items
		}
		if start.Sub(since) > time.Second {
			t.Fatalf("%s's feed does not show %s %v after it: %d items", n.name, change, start.Sub(since), len(items))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// feedItems reads a node's RSS feed of the show with a real feed parser.
func feedItems(t *testing.T, n *node) []*gofeed.Item {
	t.Helper()
	body, status := get(t, n.url+"/shows/news/feed.rss", "", nil)
	if status != 200 {
		t.Fatalf("%s feed: %d %s", n.name, status, body)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s feed: %v", n.name, err)
	}
	return f.Items
}
