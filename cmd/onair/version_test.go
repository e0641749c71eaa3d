package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/onair-fm/onair/web"
)

// TestVersion builds onair with the README's release -ldflags (-s -w -X;
// without -trimpath, which would compile every package again instead of
// only linking) and checks that onair version tells what the build set,
// and the Go version it was built with.
func TestVersion(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "onair")
	ldflags := "-s -w -X main.version=v1.2.3 -X main.commit=abc123 -X main.date=2026-12-05T10:00:00Z"
	build := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("onair version --json: %v", err)
	}
	var got web.Build
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := web.Build{Version: "v1.2.3", Commit: "abc123", Date: "2026-12-05T10:00:00Z", Go: runtime.Version()}
	if got != want {
		t.Errorf("version --json = %+v, want %+v", got, want)
	}
	text, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.Contains(string(text), "onair v1.2.3\n") || !strings.Contains(string(text), runtime.Version()) {
		t.Errorf("onair version: %v\n%s", err, text)
	}
}

// TestVersionOwnBuild: without -X, onair version says what the toolchain
// recorded, and never an empty field.
func TestVersionOwnBuild(t *testing.T) {
	t.Parallel()
	b := web.ReadBuild("", "", "")
	if b.Version == "" || b.Commit == "" || b.Date == "" || b.Go != runtime.Version() {
		t.Errorf("ReadBuild = %+v", b)
	}
	if b := web.ReadBuild(" v2 ", "", ""); b.Version != "v2" {
		t.Errorf("the -X version is not taken: %+v", b)
	}
}
