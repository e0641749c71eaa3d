package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/sqlite"
)

// internalPrefixes are the package and store prefixes wrapped errors carry
// for logs; none belongs in what a command tells the person running it.
var internalPrefixes = []string{"sqlite:", "postgres:", "sqlstore:", "web:", "media:", "catalog:", "publish:", "tus:"}

// TestCommandErrorsArePlain runs commands on unknown shows, episodes,
// tokens and files that are no audio, and checks that what they print
// (main prints the error after "onair COMMAND: ") names what is wrong
// without internal prefixes, such as "sqlite: show nonexist: not found"
// from onair user create --show nonexist.
func TestCommandErrorsArePlain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(data, "onair.db"))
	if err != nil {
		t.Fatal(err)
	}
	sh := &catalog.Show{Slug: "news", Title: "The News", Categories: []string{"News"}}
	if err := st.CreateShow(ctx, sh); err != nil {
		t.Fatal(err)
	}
	_, userErr := newUser(ctx, st, "ed@example.com", catalog.RoleEditor, []string{"nonexist"}, "a long password")
	st.Close()
	withData := func(cmd func(context.Context, []string, *bytes.Buffer, *bytes.Buffer) error, args ...string) func() (string, error) {
		return func() (string, error) {
			var out, errOut bytes.Buffer
			err := cmd(ctx, append(args, "--data", data), &out, &errOut)
			return errOut.String(), err
		}
	}
	stats := func(ctx context.Context, a []string, o, e *bytes.Buffer) error { return statsCmd(ctx, a, o, e) }
	token := func(ctx context.Context, a []string, o, e *bytes.Buffer) error { return tokenCmd(ctx, a, o, e) }
	probe := func(file string) func() (string, error) {
		return func() (string, error) {
			var out, errOut bytes.Buffer
			err := probeCmd(ctx, []string{file}, &out, &errOut)
			return errOut.String(), err
		}
	}
	testdata := filepath.Join("..", "..", "testdata")
	for _, tt := range []struct {
		name string
		run  func() (string, error)
		want string // in the output or the error
	}{
		{"user create --show nonexist", func() (string, error) { return "", userErr }, "nonexist"},
		{"stats --show nope", withData(stats, "--show", "nope"), "nope"},
		{"stats --episode nope", withData(stats, "--episode", "nope"), "nope"},
		{"stats --by week", withData(stats, "--show", "news", "--by", "week"), "week"},
		{"token revoke nope", withData(token, "revoke", "nope"), "nope"},
		{"probe not audio", probe(filepath.Join(testdata, "not_audio.png")), "not audio: PNG image"},
		{"probe text", probe(filepath.Join(testdata, "text_as.mp3")), "not audio: text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stderr, err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			said := stderr + err.Error()
			if !strings.Contains(said, tt.want) {
				t.Errorf("said %q, want it to name %q", said, tt.want)
			}
			for _, p := range internalPrefixes {
				if strings.Contains(said, p) {
					t.Errorf("said %q, with %q", said, p)
				}
			}
		})
	}
}
