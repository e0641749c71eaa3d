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

	"github.com/onair-fm/onair/analytics"
	"github.com/onair-fm/onair/catalog"
)

func runStats(ctx context.Context, args []string) error {
	return statsCmd(ctx, args, os.Stdout, os.Stderr)
}

// statsCmd prints a show's download counts, or one episode's, as a table
// on stdout.
func statsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var d dataFlags
	d.register(fs)
	show := fs.String("show", "", "the show's slug or id (this or --episode is required)")
	episode := fs.String("episode", "", "an episode's id: only its downloads")
	from := fs.String("from", "", "first day, 2006-01-02 (default: 30 days before --to)")
	to := fs.String("to", "", "last day, 2006-01-02, inclusive (default: today, UTC)")
	by := fs.String("by", "day", "group by day, episode or app")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*show == "") == (*episode == "") {
		fmt.Fprintln(stderr, "onair stats: give either --show or --episode")
		fs.Usage()
		return errExit(2)
	}
	fromT, err := analytics.ParseDay(*from, "--from")
	if err != nil {
		return err
	}
	toT, err := analytics.ParseDay(*to, "--to")
	if err != nil {
		return err
	}
	store, err := d.openExistingStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	sh, ep, err := statsTarget(ctx, store, *show, *episode)
	if err != nil {
		return err
	}
	var rep *analytics.Report
	title := sh.Title
	if ep != nil {
		rep, err = analytics.EpisodeStats(ctx, store, sh, ep, fromT, toT, *by, time.Now())
		title = ep.Title + " (" + sh.Title + ")"
	} else {
		rep, err = analytics.ShowStats(ctx, store, sh, fromT, toT, *by, time.Now())
	}
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintf(stdout, "%s: downloads %s to %s by %s\n", title, rep.From, rep.To, rep.By)
	head := map[string]string{catalog.StatsByDay: "DAY", catalog.StatsByEpisode: "EPISODE", catalog.StatsByApp: "APP"}[rep.By]
	if rep.By == catalog.StatsByEpisode {
		fmt.Fprintf(tw, "%s\tTITLE\tDOWNLOADS\t\n", head)
	} else {
		fmt.Fprintf(tw, "%s\tDOWNLOADS\t\n", head)
	}
	for _, r := range rep.Rows {
		if rep.By == catalog.StatsByEpisode {
			fmt.Fprintf(tw, "%s\t%s\t%d\t\n", r.Key, r.Title, r.Count)
		} else {
			fmt.Fprintf(tw, "%s\t%d\t\n", r.Key, r.Count)
		}
	}
	if rep.By == catalog.StatsByEpisode {
		fmt.Fprintf(tw, "TOTAL\t\t%d\t\n", rep.Total)
	} else {
		fmt.Fprintf(tw, "TOTAL\t%d\t\n", rep.Total)
	}
	return tw.Flush()
}

// statsTarget finds the show (by slug, old slug or id) or the episode (by
// id, with its show) whose stats are asked for.
func statsTarget(ctx context.Context, store catalog.Store, show, episode string) (*catalog.Show, *catalog.Episode, error) {
	if episode != "" {
		ep, err := store.GetEpisode(ctx, episode)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, nil, plainf(err, "--episode %s: there is no episode with that ID", episode)
		} else if err != nil {
			return nil, nil, fmt.Errorf("episode %q: %w", episode, err)
		}
		sh, err := store.GetShowByID(ctx, ep.ShowID)
		if err != nil {
			return nil, nil, fmt.Errorf("episode %q: show: %w", episode, err)
		}
		return sh, ep, nil
	}
	sh, err := catalog.FindShowOrID(ctx, store, show)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil, plainf(err, "--show %s: there is no show with that slug or ID", show)
	} else if err != nil {
		return nil, nil, fmt.Errorf("show %q: %w", show, err)
	}
	return sh, nil, nil
}
