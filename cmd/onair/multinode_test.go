package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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
	db := pgtest.DSN(t)
	s3 := storagetest.S3Bucket(t)
	bin := buildOnair(t)
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
	upload := func(n *node, title string) (id, guid, key string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("title", title)
		mw.WriteField("status", "published")
		mw.WriteField("published_at", time.Now().Add(-time.Minute).UTC().Format(time.RFC3339))
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

	// Upload through A: B's very next feed request lists it (well inside
	// the one second allowed; no cache on B can be stale).
	id, guid, key := upload(a, "First")
	items := feedItems(t, b)
	if len(items) != 1 || items[0].GUID != guid {
		t.Fatalf("B's feed after upload through A: %v, want the episode %s", items, guid)
	}
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

	// Delete through B: A's next feed request drops it.
	api(b, "DELETE", "/episodes/"+id, nil, "")
	if items := feedItems(t, a); len(items) != 0 {
		t.Errorf("A's feed after delete through B: %d items, want none", len(items))
	}

	// 200 range requests over both nodes: four listeners each fetch the
	// whole file in 45 ranges, alternating nodes, and one only probes the
	// first two bytes 20 times. Four downloads.
	_, _, key = upload(b, "Second")
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
	// Events reach the database within the nodes' flush interval and are
	// counted by whichever node holds the counting lock; wait for that, then
	// once more to see nothing is counted twice.
	var total int64
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var rep struct{ Total int64 }
		json.Unmarshal(api([]*node{a, b}[requests%2], "GET", "/shows/news/stats", nil, ""), &rep)
		requests++
		if total = rep.Total; total >= 4 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(3 * time.Second)
	for _, n := range []*node{a, b} {
		var rep struct{ Total int64 }
		json.Unmarshal(api(n, "GET", "/shows/news/stats", nil, ""), &rep)
		if rep.Total != 4 {
			t.Errorf("%s: %d downloads counted from 200 range requests, want 4", n.name, rep.Total)
		}
	}
}

// node is one running onair serve process.
type node struct {
	name, url string
}

func buildOnair(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "onair")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func onairCmd(env []string, bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = os.Stderr
	return cmd
}

// startNode starts onair serve on a free port and waits until it answers.
func startNode(t *testing.T, bin string, env []string, args ...string) *node {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	n := &node{name: "node " + addr, url: "http://" + addr}
	var logs bytes.Buffer
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--data", t.TempDir()}, args...)...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("%s log:\n%s", n.name, logs.String())
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if res, err := http.Get(n.url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return n
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s did not come up:\n%s", n.name, logs.String())
	return nil
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
