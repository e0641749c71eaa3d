package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/migrate"
)

func runMigrate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var from, to dataFlags
	fs.StringVar(&from.data, "from-data", "./data", "source data folder (SQLite database and media files)")
	fs.StringVar(&from.db, "from-db", "", "source database: empty for SQLite in --from-data, or a postgres:// URL")
	fs.StringVar(&from.storage, "from-storage", "", "source media storage: empty for files in --from-data, or s3://BUCKET?endpoint=...")
	fs.StringVar(&to.data, "to-data", "", "target data folder (SQLite database and media files)")
	fs.StringVar(&to.db, "to-db", "", "target database: empty for SQLite in --to-data, or a postgres:// URL")
	fs.StringVar(&to.storage, "to-storage", "", "target media storage: empty for files in --to-data, or s3://BUCKET?endpoint=...")
	force := fs.Bool("force", false, "copy into a target that holds other data, replacing blobs that differ")
	skipMissing := fs.Bool("skip-missing", false, "copy rows whose media files are missing from the source, listing them, instead of stopping")
	quiet := fs.Bool("quiet", false, "print only the summary")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: onair migrate --from-... --to-... [--force]\n\n"+
			"Copies every show, episode, article, token, dashboard user, counted\n"+
			"download and media file to another store and storage, keeping ids, GUIDs\n"+
			"and URLs (sessions stay: users sign in again). Stop the servers writing\n"+
			"to the source first. Run it again to resume an interrupted copy.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if to.data == "" && (to.db == "" || to.storage == "") {
		return errors.New("say where to copy to: --to-data, or --to-db and --to-storage")
	}
	if from == to {
		return errors.New("source and target are the same")
	}
	var src, dst migrate.Site
	var err error
	for _, s := range []struct {
		d    *dataFlags
		site *migrate.Site
		open func(context.Context) (catalog.Store, error)
	}{{&from, &src, from.openExistingStore}, {&to, &dst, to.openStore}} {
		if s.site.Store, err = s.open(ctx); err != nil {
			return err
		}
		defer s.site.Store.Close()
		if s.site.Blobs, err = s.d.openStorage(ctx); err != nil {
			return err
		}
	}
	opts := migrate.Options{Force: *force, SkipMissing: *skipMissing}
	if !*quiet {
		opts.Progress = func(key string, size int64, what string) {
			fmt.Fprintf(os.Stderr, "%s %s (%d bytes)\n", what, key, size)
		}
	}
	rep, err := migrate.Copy(ctx, src, dst, opts)
	if err != nil && rep == (migrate.Report{}) {
		return err
	}
	fmt.Printf("shows %d, episodes %d, articles %d, tokens %d, users %d, subscribers %d created; %d rows already there; "+
		"%d counted downloads carried over; %d blobs copied (%d bytes), %d already there and verified, %d missing from the source\n",
		rep.Shows, rep.Episodes, rep.Articles, rep.Tokens, rep.Users, rep.Subscribers, rep.RowsSkipped, rep.Downloads,
		rep.BlobsCopied, rep.BytesCopied, rep.BlobsSkipped, rep.BlobsMissing)
	return err
}
