package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/catalog/postgres"
	"github.com/onair-fm/onair/catalog/sqlite"
	"github.com/onair-fm/onair/media"
)

// parseFlags parses args into fs, taking each flag not on the command line
// from its environment variable: --base-url from ONAIR_BASE_URL.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var bad error
	fs.VisitAll(func(f *flag.Flag) {
		env := "ONAIR_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok && bad == nil {
			if err := fs.Set(f.Name, v); err != nil {
				bad = fmt.Errorf("%s=%q: %w", env, v, err)
			}
		}
	})
	if bad != nil {
		return bad
	}
	return parseArgs(fs, args)
}

// parseArgs parses the command line. A bad flag is exit status 2, as for
// an unknown command: the flag package has already printed the error and
// the usage once, so main prints nothing more.
func parseArgs(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return errExit(2)
	}
	return err
}

// parseWithArgs parses flags that may stand before or after the positional
// arguments (onair token revoke ID --data DIR) and returns the arguments.
func parseWithArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	var pos []string
	for fs.NArg() > 0 {
		pos = append(pos, fs.Arg(0))
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return nil, err
		}
	}
	return pos, nil
}

// dataFlags are the flags of every command that opens an installation.
type dataFlags struct {
	data    string
	db      string
	storage string
}

func (d *dataFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.data, "data", "./data", "data folder for the SQLite database and media files")
	fs.StringVar(&d.db, "db", "", "database: empty for SQLite in the data folder, or a postgres:// URL")
	fs.StringVar(&d.storage, "storage", "", "media storage: empty for files in the data folder, or s3://BUCKET?endpoint=HOST:PORT&region=R&path_style=true&secure=false; endpoint may be a URL (http://host:9000) and defaults to AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (keys from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
}

// check refuses a --db or --storage that no store or storage could be
// opened from, before anything is opened.
func (d *dataFlags) check() error {
	if err := d.checkDB(); err != nil {
		return err
	}
	_, err := d.s3Config()
	return err
}

func (d *dataFlags) checkDB() error {
	switch {
	case d.db == "", isPostgresURL(d.db):
		return nil
	default:
		return fmt.Errorf("unsupported --db %q: want empty (SQLite) or postgres://", d.db)
	}
}

func isPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// s3Config reads an s3:// --storage, without credentials; nil for local
// files.
func (d *dataFlags) s3Config() (*media.S3Config, error) {
	switch {
	case d.storage == "":
		return nil, nil
	case strings.HasPrefix(d.storage, "s3://"):
		cfg, err := media.ParseS3URL(d.storage)
		if err != nil {
			return nil, err
		}
		if err := cfg.EndpointFromEnv(os.Getenv); err != nil {
			return nil, err
		}
		return &cfg, nil
	default:
		return nil, fmt.Errorf("unsupported --storage %q: want empty (local files) or s3://", d.storage)
	}
}

// openStore opens the catalog the flags name.
func (d *dataFlags) openStore(ctx context.Context) (catalog.Store, error) {
	if err := d.checkDB(); err != nil {
		return nil, err
	}
	if isPostgresURL(d.db) {
		st, err := postgres.Open(ctx, d.db)
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	if err := os.MkdirAll(d.data, 0o755); err != nil {
		return nil, err
	}
	return sqlite.Open(ctx, filepath.Join(d.data, "onair.db"))
}

// openExistingStore is openStore for commands that read or change an
// installation: a mistyped --data must not create a new, empty database
// and answer from it as if it were the real one.
func (d *dataFlags) openExistingStore(ctx context.Context) (catalog.Store, error) {
	if d.db == "" {
		db := filepath.Join(d.data, "onair.db")
		if _, err := os.Stat(db); err != nil {
			return nil, fmt.Errorf("no onair data in %s: %s does not exist (a mistyped folder?)", d.data, db)
		}
	}
	return d.openStore(ctx)
}

// openStorage opens the blob storage the flags name.
func (d *dataFlags) openStorage(ctx context.Context) (media.Storage, error) {
	cfg, err := d.s3Config()
	if err != nil {
		return nil, err
	}
	if cfg == nil {
		return media.NewLocal(filepath.Join(d.data, "media"))
	}
	cfg.AccessKey = os.Getenv("AWS_ACCESS_KEY_ID")
	cfg.SecretKey = os.Getenv("AWS_SECRET_ACCESS_KEY")
	cfg.SessionToken = os.Getenv("AWS_SESSION_TOKEN")
	if cfg.Region == "" {
		cfg.Region = os.Getenv("AWS_REGION")
	}
	return media.NewS3(ctx, *cfg)
}
