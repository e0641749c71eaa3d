// Command onair is the podcast and media feed server. main only parses
// configuration and wires the parts together; the logic lives in catalog,
// media, feeds and web.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand: onair NAME [flags] [args].
type command struct {
	run   func(ctx context.Context, args []string) error
	short string
}

var commands = map[string]command{
	"serve":    {runServe, "run the server"},
	"token":    {runToken, "create, list or revoke publisher API tokens"},
	"probe":    {runProbe, "print what onair reads from audio files"},
	"validate": {runValidate, "check a feed against Apple Podcasts and Podcasting 2.0 rules"},
	"upload":   {runUpload, "upload an episode to a server, resumably"},
	"stats":    {runStats, "print a show's or one episode's download counts"},
	"migrate":  {runMigrate, "copy an installation to another store and storage"},
	"fsck":     {runFsck, "check the catalog against media storage; --repair removes orphans"},
	"user":     {runUser, "create dashboard users"},
	"import":   {runImport, "import a podcast from its RSS feed, with every episode"},
	"version":  {runVersion, "print the version, commit, build date and Go version"},
}

// errExit carries an exit status for a command that already said why it failed.
type errExit int

func (e errExit) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// plainError is what a command tells the person running it, in words,
// with the error behind it (a store's, with its prefixes) kept for errors.Is.
type plainError struct {
	msg string
	err error
}

func (e *plainError) Error() string { return e.msg }
func (e *plainError) Unwrap() error { return e.err }

// plainf is a plainError with the message of format and args over err.
func plainf(err error, format string, args ...any) error {
	return &plainError{msg: fmt.Sprintf(format, args...), err: err}
}

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		usage()
		os.Exit(2)
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "onair: unknown command %q\n\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cmd.run(ctx, os.Args[2:])
	stop()
	var code errExit
	switch {
	case err == nil:
	case errors.As(err, &code):
		os.Exit(int(code))
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "onair %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: onair COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-9s %s\n", n, commands[n].short)
	}
	fmt.Fprintln(os.Stderr, "\nRun onair COMMAND -h for a command's flags. Every flag can also be set as ONAIR_FLAG_NAME.")
}
