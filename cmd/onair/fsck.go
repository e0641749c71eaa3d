package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/onair-fm/onair/fsck"
)

const fsckUsage = `usage: onair fsck [--repair] [--json] [--grace 24h] [--data DIR | --db URL --storage URL]

Compares the catalog with media storage: blobs no row refers to, rows whose
blob is missing or has another size, leftovers of writes a crash cut off,
stale resumable uploads, and the database's own integrity check.
--repair removes orphans and leftovers older than --grace, nothing else.
Exit status: 0 clean, 1 problems found (or repaired), 2 could not run.`

func runFsck(ctx context.Context, args []string) error {
	return fsckCmd(ctx, args, os.Stdout, os.Stderr)
}

// fsckCmd is onair fsck: the report goes to stdout, failures to stderr.
func fsckCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fsck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, fsckUsage); fs.PrintDefaults() }
	var d dataFlags
	d.register(fs)
	repair := fs.Bool("repair", false, "remove orphans and leftovers older than --grace (never a blob a row refers to)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	grace := fs.Duration("grace", 24*time.Hour, "orphans and leftovers younger than this are kept: a running server's uploads in flight (0 only when no server runs)")
	expiry := fs.Duration("upload-expiry", 24*time.Hour, "the server's --upload-expiry: unfinished uploads untouched for longer are reported")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fail := func(err error) error {
		fmt.Fprintf(stderr, "onair fsck: %v\n", err)
		return errExit(2)
	}
	switch {
	case fs.NArg() != 0:
		return fail(fmt.Errorf("unexpected arguments %q", fs.Args()))
	case *grace < 0:
		return fail(fmt.Errorf("--grace must not be negative, not %s", *grace))
	case *expiry < 0:
		return fail(fmt.Errorf("--upload-expiry must not be negative, not %s", *expiry))
	}
	if err := d.check(); err != nil {
		return fail(err)
	}
	store, err := d.openExistingStore(ctx)
	if err != nil {
		return fail(err)
	}
	defer store.Close()
	blobs, err := d.openStorage(ctx)
	if err != nil {
		return fail(err)
	}
	rep, err := fsck.Run(ctx, store, blobs, fsck.Options{
		Grace: *grace, UploadExpiry: *expiry, Repair: *repair, Integrity: true,
	})
	if err != nil {
		if rep != nil && !*asJSON {
			rep.WriteText(stdout)
		}
		return fail(err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			*fsck.Report
			Problems int  `json:"problems"`
			Repair   bool `json:"repair"`
		}{rep, rep.Problems(), *repair}); err != nil {
			return fail(err)
		}
	} else {
		rep.WriteText(stdout)
	}
	if rep.Problems() > 0 {
		return errExit(1)
	}
	return nil
}
