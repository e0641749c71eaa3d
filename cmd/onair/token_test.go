package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestTokenCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data := t.TempDir()
	run := func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := tokenCmd(ctx, append(args, "--data", data), &out, &errOut)
		return out.String(), errOut.String(), err
	}

	out, _, err := run("create", "--name", "cms")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^onair_[A-Za-z0-9_-]{43}\n$`).MatchString(out) {
		t.Errorf("create printed %q: want the token and a newline, nothing else", out)
	}
	if _, _, err := run("create", "--name", "second"); err != nil {
		t.Fatal(err)
	}

	out, _, err = run("list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(out, " cms ") || strings.Contains(out, "onair_") {
		t.Fatalf("list:\n%s", out)
	}
	id := strings.Fields(lines[1])[0]
	if _, _, err := run("revoke", id); err != nil {
		t.Fatal(err)
	}
	if out, _, _ = run("list"); strings.Contains(out, id) || len(strings.Split(strings.TrimSpace(out), "\n")) != 2 {
		t.Errorf("after revoke:\n%s", out)
	}

	var code errExit
	if _, _, err := run("create"); err == nil || !strings.Contains(err.Error(), "--name") {
		t.Errorf("create without --name: %v", err)
	}
	if _, stderr, err := run("rotate"); !errors.As(err, &code) || code != 2 || !strings.Contains(stderr, "usage") {
		t.Errorf("unknown subcommand: %v %q", err, stderr)
	}
	if _, _, err := run("revoke"); err == nil {
		t.Error("revoke without an id succeeded")
	}
}
