package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/onair-fm/onair/catalog"
)

const tokenUsage = `usage:
  onair token create --name NAME   print a new API token (only the token)
  onair token list                 list tokens (id, name, created, last used)
  onair token revoke ID            delete a token`

func runToken(ctx context.Context, args []string) error {
	return tokenCmd(ctx, args, os.Stdout, os.Stderr)
}

// tokenCmd is onair token: the token (create) or table (list) goes to
// stdout, everything else to stderr, so TOKEN=$(onair token create ...) works.
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, tokenUsage)
		return errExit(2)
	}
	fs := flag.NewFlagSet("token "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var d dataFlags
	d.register(fs)
	name := ""
	if args[0] == "create" {
		fs.StringVar(&name, "name", "", "what the token is for, e.g. the CMS that uses it (required)")
	}
	pos, err := parseWithArgs(fs, args[1:])
	if err != nil {
		return err
	}
	switch args[0] {
	case "create", "list":
		if len(pos) != 0 {
			return fmt.Errorf("unexpected arguments %q\n%s", pos, tokenUsage)
		}
	case "revoke":
		if len(pos) != 1 {
			return errors.New("revoke needs one token ID (see onair token list)")
		}
	default:
		fmt.Fprintf(stderr, "unknown token command %q\n%s\n", args[0], tokenUsage)
		return errExit(2)
	}
	if args[0] == "create" && name == "" {
		return errors.New("--name is required")
	}

	open := d.openExistingStore
	if args[0] == "create" {
		open = d.openStore // the first token may come before the first serve.
	}
	store, err := open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	switch args[0] {
	case "create":
		secret, t := catalog.NewToken(name)
		if err := store.CreateToken(ctx, t); err != nil {
			return err
		}
		fmt.Fprintln(stdout, secret)
	case "list":
		ts, err := store.ListTokens(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tCREATED\tLAST USED")
		for _, t := range ts {
			used := "never"
			if !t.LastUsedAt.IsZero() {
				used = t.LastUsedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.UTC().Format(time.RFC3339), used)
		}
		return w.Flush()
	case "revoke":
		if err := store.DeleteToken(ctx, pos[0]); errors.Is(err, catalog.ErrNotFound) {
			return plainf(err, "no token with the ID %s (see onair token list)", pos[0])
		} else if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "revoked %s\n", pos[0])
	}
	return nil
}
