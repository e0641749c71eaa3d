package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/onair-fm/onair/web"
)

// Set by a release build:
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=$(git rev-parse HEAD) -X main.date=$(date -u +%FT%TZ)"
//
// Empty, they come from what the Go toolchain recorded (runtime/debug).
var version, commit, date string

// build is this binary's build information.
func build() web.Build { return web.ReadBuild(version, commit, date) }

func runVersion(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print it as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	b := build()
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(b)
	}
	fmt.Printf("onair %s\ncommit %s\nbuilt  %s\ngo     %s\n", b.Version, b.Commit, b.Date, b.Go)
	return nil
}
