package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/onair-fm/onair/catalog"
)

const userUsage = `usage:
  onair user create --email EMAIL [--role admin|editor] [--show SLUG ...]
                             create a dashboard user; the password is read from stdin
  onair user list            list users (id, email, role, shows)
  onair user delete EMAIL    delete a user and end their sessions`

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runUser(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, userUsage)
		return errExit(2)
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	var d dataFlags
	d.register(fs)
	var email, role string
	var shows stringList
	if args[0] == "create" {
		fs.StringVar(&email, "email", "", "the user's email, used to sign in (required)")
		fs.StringVar(&role, "role", catalog.RoleAdmin, "admin (everything) or editor (episodes and articles of the --show shows)")
		fs.Var(&shows, "show", "slug of a show an editor may work on (repeatable)")
	}
	pos, err := parseWithArgs(fs, args[1:])
	if err != nil {
		return err
	}
	switch args[0] {
	case "create", "list":
		if len(pos) != 0 {
			return fmt.Errorf("unexpected arguments %q\n%s", pos, userUsage)
		}
	case "delete":
		if len(pos) != 1 {
			return errors.New("delete needs the user's email")
		}
	default:
		fmt.Fprintf(os.Stderr, "unknown user command %q\n%s\n", args[0], userUsage)
		return errExit(2)
	}
	open := d.openExistingStore
	if args[0] == "create" {
		open = d.openStore // the first user may come before the first serve.
	}
	store, err := open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	switch args[0] {
	case "create":
		pw, err := readPassword(os.Stdin)
		if err != nil {
			return err
		}
		u, err := newUser(ctx, store, email, role, shows, pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "created %s %s (%s)\n", u.Role, u.Email, u.ID)
		return nil
	case "list":
		users, err := store.ListUsers(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tROLE\tSHOWS")
		for _, u := range users {
			var slugs []string
			for _, id := range u.ShowIDs {
				if sh, err := store.GetShowByID(ctx, id); err == nil {
					slugs = append(slugs, sh.Slug)
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, strings.Join(slugs, ","))
		}
		return tw.Flush()
	default:
		u, err := store.GetUserByEmail(ctx, pos[0])
		if errors.Is(err, catalog.ErrNotFound) {
			return fmt.Errorf("no user with the email %s (see onair user list)", pos[0])
		} else if err != nil {
			return err
		}
		return store.DeleteUser(ctx, u.ID)
	}
}

// newUser checks the flags and stores the user with the password's hash.
func newUser(ctx context.Context, store catalog.Store, email, role string, shows []string, password string) (*catalog.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || !strings.Contains(email, "@") {
		return nil, errors.New("--email must be an email address")
	}
	if role != catalog.RoleAdmin && role != catalog.RoleEditor {
		return nil, fmt.Errorf("--role must be admin or editor, not %q", role)
	}
	u := &catalog.User{Email: email, Role: role}
	for _, slug := range shows {
		sh, err := catalog.FindShow(ctx, store, slug)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, plainf(err, "--show %s: there is no show with that slug", slug)
		} else if err != nil {
			return nil, fmt.Errorf("--show %s: %w", slug, err)
		}
		u.ShowIDs = append(u.ShowIDs, sh.ID)
	}
	hash, err := catalog.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u.PasswordHash = hash
	if err := store.CreateUser(ctx, u); errors.Is(err, catalog.ErrConflict) {
		return nil, fmt.Errorf("a user with the email %s exists already (see onair user list)", email)
	} else if err != nil {
		return nil, err
	}
	return u, nil
}

// readPassword reads the first line of r, without its line ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("reading the password from stdin: nothing there (pipe it in: echo PASSWORD | onair user create ...)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
