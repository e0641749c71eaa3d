package publish

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// SubscriberCSVHeader is the header of the subscriber CSV files onair
// reads and writes. Import needs email; the other columns may be missing.
var SubscriberCSVHeader = []string{"email", "name", "external_id", "expires_at"}

// MaxImportRows bounds one CSV import.
const MaxImportRows = 50000

// ImportRow is what importing one CSV row did: Err says why it was
// refused; Result is nil then.
type ImportRow struct {
	Line   int
	Result *SubscriberResult
	Err    error
}

// ImportSubscribers upserts a subscriber of sh for every row of a CSV file
// (UpsertSubscriber), so importing the same file twice changes nothing. A
// bad row is reported and skipped; an unreadable file is refused before
// any row is stored.
func (p *Service) ImportSubscribers(ctx context.Context, sh *catalog.Show, r io.Reader) ([]ImportRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	records, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("publish: read CSV: %w", catalog.Invalidf("the file is not CSV: %v", err))
	}
	if len(records) == 0 {
		return nil, catalog.Invalidf("the CSV file is empty: its first line names the columns (%s)", strings.Join(SubscriberCSVHeader, ","))
	}
	cols := map[string]int{}
	for i, name := range records[0] {
		cols[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))] = i
	}
	if _, ok := cols["email"]; !ok {
		return nil, catalog.Invalidf("the CSV file's first line must name its columns, email among them (%s)", strings.Join(SubscriberCSVHeader, ","))
	}
	if len(records)-1 > MaxImportRows {
		return nil, catalog.Invalidf("the CSV file has %d rows; import at most %d at a time", len(records)-1, MaxImportRows)
	}
	var out []ImportRow
	for i, rec := range records[1:] {
		field := func(name string) *string {
			j, ok := cols[name]
			if !ok || j >= len(rec) {
				return nil
			}
			v := rec[j]
			return &v
		}
		patch := SubscriberPatch{Email: field("email"), Name: field("name"), ExternalID: field("external_id"), ExpiresAt: field("expires_at")}
		if patch.Email != nil && strings.TrimSpace(*patch.Email) == "" && len(strings.Join(rec, "")) == 0 {
			continue // a blank line
		}
		res, err := p.UpsertSubscriber(ctx, sh, patch)
		if err != nil && !errors.Is(err, catalog.ErrInvalid) && !errors.Is(err, catalog.ErrConflict) {
			return out, err
		}
		out = append(out, ImportRow{Line: i + 2, Result: res, Err: err})
	}
	return out, nil
}

// WriteSubscribersCSV writes subs as CSV: the columns import reads, then
// what onair knows of each (feed URLs are not kept, so none are written).
func WriteSubscribersCSV(w io.Writer, subs []*catalog.Subscriber, now time.Time) error {
	cw := csv.NewWriter(w)
	header := append(append([]string{"id"}, SubscriberCSVHeader...), "status", "sharing_suspected", "created_at")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, s := range subs {
		expires := ""
		if !s.ExpiresAt.IsZero() {
			expires = s.ExpiresAt.UTC().Format(time.RFC3339)
		}
		status := s.Inactive(now)
		if status == "" {
			status = "active"
		}
		err := cw.Write([]string{s.ID, csvSafe(s.Email), csvSafe(s.Name), csvSafe(s.ExternalID), expires, status,
			fmt.Sprint(s.SharingSuspected), s.CreatedAt.UTC().Format(time.RFC3339)})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a value as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
