package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog/postgres/pgtest"
	"github.com/onair-fm/onair/fsck"
	"github.com/onair-fm/onair/internal/testmedia"
	"github.com/onair-fm/onair/media/storagetest"
)

// crashKills is how many times TestCrash kills the server:
// ONAIR_CRASH_KILLS, or a few, which keeps ./test.sh quick.
func crashKills(t *testing.T) int {
	v := os.Getenv("ONAIR_CRASH_KILLS")
	if v == "" {
		return 3
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("ONAIR_CRASH_KILLS=%q: want a number of kills, 1 or more", v)
	}
	return n
}

// TestCrash runs mixed traffic against onair serve (a process) and kills
// it with SIGKILL at random moments, restarting it each time, then checks
// that nothing acknowledged was lost and nothing half-made stays: every
// upload answered 2xx is there with its id, GUID and bytes; every episode
// has its whole audio; onair fsck --repair --grace 0 leaves a clean
// installation, the database's integrity check included. It runs on SQLite
// and local disk, and on PostgreSQL and S3 when ONAIR_TEST_POSTGRES and
// ONAIR_TEST_S3 are set. ONAIR_CRASH_KILLS sets the number of kills;
// ONAIR_CRASH_SEED the randomness; ONAIR_CRASH_RECLAIM (two minutes more)
// checks that the server itself reclaims what the kills left.
func TestCrash(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills a server many times")
	}
	t.Run("sqlite+disk", func(t *testing.T) {
		t.Parallel()
		testCrash(t, os.Environ(), "--data", t.TempDir())
	})
	t.Run("postgres+s3", func(t *testing.T) {
		t.Parallel()
		db, s3 := pgtest.DSN(t), storagetest.S3Bucket(t)
		env := append(os.Environ(), "AWS_ACCESS_KEY_ID="+s3.AccessKey, "AWS_SECRET_ACCESS_KEY="+s3.SecretKey)
		testCrash(t, env, "--db", db, "--storage", storagetest.StorageURL(s3), "--data", t.TempDir())
	})
}

// testCrash is TestCrash on the installation that the flags in where name.
func testCrash(t *testing.T, env []string, where ...string) {
	kills := crashKills(t)
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("ONAIR_CRASH_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("%d kills, ONAIR_CRASH_SEED=%d", kills, seed)
	r := rand.New(rand.NewPCG(seed, 0))
	ctx := context.Background()
	bin := onairBinary(t)

	var out bytes.Buffer
	if err := tokenCmd(ctx, append([]string{"create", "--name", "crash"}, where...), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	tr := &traffic{token: strings.TrimSpace(out.String()), counts: map[string]int{}, email: "boss@example.com", pw: "a long crash test password"}
	user := exec.Command(bin, append([]string{"user", "create", "--email", tr.email}, where...)...)
	user.Env, user.Stdin = env, strings.NewReader(tr.pw+"\n")
	if b, err := user.CombinedOutput(); err != nil {
		t.Fatalf("user create: %v\n%s", err, b)
	}
	unit, err := os.ReadFile(testmedia.Fixture(t, "mp3_vbr_noxing.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{3, 10, 30} { // 0.3 to 3 MB, each a valid MP3
		tr.audio = append(tr.audio, bytes.Repeat(unit, n))
	}

	start := func() *node {
		n := startNode(t, bin, env, append([]string{"--orphan-grace", "1m", "--count-downloads=false"}, where...)...)
		tr.url = n.url
		return n
	}
	n := start()
	if status, body := tr.do(ctx, "POST", "/api/v1/shows", "application/json",
		strings.NewReader(`{"slug": "crash", "title": "Crash", "language": "en"}`)); status != http.StatusCreated {
		t.Fatalf("create show: %d %s", status, body)
	}
	for i := range kills {
		if i > 0 {
			n = start()
		}
		loadCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { tr.run(loadCtx, seed+uint64(i)); close(done) }()
		time.Sleep(time.Duration(200+r.IntN(1300)) * time.Millisecond)
		if err := n.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-n.exited
		stop()
		<-done
	}
	t.Logf("answered 2xx: %v", tr.counts)
	if len(tr.acks) == 0 {
		t.Fatal("no upload was acknowledged: the test checked nothing")
	}

	if os.Getenv("ONAIR_CRASH_RECLAIM") != "" {
		// What the kills left is older than --orphan-grace (1m) by the
		// next start, and the last killed node's reclaim lease (twice the
		// 1m interval) has expired: the server's own reclaimer removes it.
		before := fsckProcess(t, bin, env, where, "--grace", "0")
		t.Logf("after %d kills, before the server reclaims: %s", kills, leftBehind(before))
		time.Sleep(2*time.Minute + 5*time.Second)
		n = start()
		n.log.wait("reclaim: removed what crashes left", nil, 10*time.Second)
		n.cmd.Process.Signal(os.Interrupt)
		<-n.exited
		after := fsckProcess(t, bin, env, where, "--grace", "0")
		t.Logf("after the server's reclaim: %s", leftBehind(after))
		if after.Problems() != 0 {
			t.Errorf("the server left %s", leftBehind(after))
		}
	}
	n = start()
	checkAcked(t, tr)
	checkEpisodes(t, tr)
	n.cmd.Process.Signal(os.Interrupt)
	<-n.exited

	before := fsckProcess(t, bin, env, where, "--grace", "0", "--repair")
	t.Logf("after %d kills: %d blobs; fsck --repair removed %s; %d rows with a missing blob",
		kills, before.Blobs, leftBehind(before), len(before.Missing))
	if len(before.Missing)+len(before.WrongSize)+len(before.Integrity) > 0 {
		t.Errorf("fsck found damage a repair does not fix: %+v", before)
	}
	if after := fsckProcess(t, bin, env, where, "--grace", "0"); after.Problems() != 0 {
		t.Errorf("fsck after --repair: %d problems: %+v", after.Problems(), after)
	}
}

// leftBehind says how many orphans and leftovers rep lists, and their bytes.
func leftBehind(rep *fsck.Report) string {
	var bytes int64
	for _, o := range append(rep.Orphans, rep.Leftovers...) {
		bytes += o.Size
	}
	return fmt.Sprintf("%d orphans and %d leftovers, %d bytes", len(rep.Orphans), len(rep.Leftovers), bytes)
}

// checkAcked: every acknowledged upload is there with its GUID and bytes.
func checkAcked(t *testing.T, tr *traffic) {
	t.Helper()
	ctx := context.Background()
	for _, a := range tr.acks {
		status, body := tr.do(ctx, "GET", "/api/v1/episodes/"+a.ID, "", nil)
		var ep episodeAnswer
		if status != http.StatusOK || json.Unmarshal(body, &ep) != nil {
			t.Errorf("%s upload %s answered 2xx, now: %d %s", a.How, a.ID, status, body)
			continue
		}
		if ep.GUID != a.GUID || ep.Audio.Size != a.Size {
			t.Errorf("%s upload %s: guid %s size %d, answered %s %d", a.How, a.ID, ep.GUID, ep.Audio.Size, a.GUID, a.Size)
		}
		if got := fetchSHA(t, ep.Audio.URL); got != a.SHA256 {
			t.Errorf("%s upload %s: audio sha256 %s, uploaded %s", a.How, a.ID, got, a.SHA256)
		}
	}
}

// checkEpisodes: every episode the show has, acknowledged or not, is
// whole: its audio is there, of the size it records, and it has a duration.
func checkEpisodes(t *testing.T, tr *traffic) {
	t.Helper()
	seen := 0
	for offset := 0; ; offset += 1000 {
		path := "/api/v1/shows/crash/episodes?limit=1000&offset=" + strconv.Itoa(offset)
		status, body := tr.do(context.Background(), "GET", path, "", nil)
		var page struct {
			Episodes []struct {
				episodeAnswer
				DurationMS int64 `json:"duration_ms"`
			} `json:"episodes"`
			Total int `json:"total"`
		}
		if status != http.StatusOK || json.Unmarshal(body, &page) != nil {
			t.Fatalf("list episodes: %d %s", status, body)
		}
		for _, e := range page.Episodes {
			b, status := get(t, e.Audio.URL, "", nil)
			if status != http.StatusOK || int64(len(b)) != e.Audio.Size || e.DurationMS <= 0 {
				t.Errorf("episode %s is half-made: audio %d, %d of %d bytes, duration %d ms", e.ID, status, len(b), e.Audio.Size, e.DurationMS)
			}
		}
		seen += len(page.Episodes)
		if len(page.Episodes) < 1000 {
			if seen < len(tr.acks) || seen != page.Total {
				t.Errorf("%d episodes listed of %d, %d acknowledged", seen, page.Total, len(tr.acks))
			}
			break
		}
	}
	t.Logf("%d episodes, %d acknowledged", seen, len(tr.acks))
}

func fetchSHA(t *testing.T, u string) string {
	b, status := get(t, u, "", nil)
	if status != http.StatusOK {
		return "status " + strconv.Itoa(status)
	}
	return sha(b)
}

// fsckProcess runs onair fsck --json as a process and returns its report;
// exit 2 (it could not run) fails the test.
func fsckProcess(t *testing.T, bin string, env, where []string, args ...string) *fsck.Report {
	t.Helper()
	cmd := exec.Command(bin, append(append([]string{"fsck", "--json"}, where...), args...)...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if code := cmd.ProcessState.ExitCode(); code != 0 && code != 1 {
		t.Fatalf("onair fsck %v: %v\n%s", args, err, stderr.String())
	}
	var rep fsck.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("onair fsck %v: %v\n%s", args, err, out)
	}
	if (rep.Problems() == 0) != (cmd.ProcessState.ExitCode() == 0) {
		t.Errorf("onair fsck %v: exit %d with %d problems", args, cmd.ProcessState.ExitCode(), rep.Problems())
	}
	return &rep
}
