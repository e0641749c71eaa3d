package sqlstore

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	tests := []struct {
		name    string
		files   []string
		want    []int
		wantErr bool
	}{
		{"ordered by number", []string{"0200_users.sql", "0001_catalog.sql", "0100_downloads.sql", "0002_more.sql"}, []int{1, 2, 100, 200}, false},
		{"no number", []string{"catalog.sql"}, nil, true},
		{"zero", []string{"0000_x.sql"}, nil, true},
		{"same number", []string{"0003_a.sql", "0003_b.sql"}, nil, true},
	}
	for _, tc := range tests {
		fsys := fstest.MapFS{}
		for _, f := range tc.files {
			fsys["migrations/"+f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
		}
		ms, err := loadMigrations(fsys)
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: err %v, wantErr %v", tc.name, err, tc.wantErr)
			continue
		}
		var got []int
		for _, m := range ms {
			got = append(got, m.version)
		}
		if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: versions %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBind(t *testing.T) {
	numbered := &Dialect{Numbered: true}
	tests := []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`},
		{`WHERE lower(t) LIKE ? ESCAPE '\' OR u = '?' OR v = ?`, `WHERE lower(t) LIKE $1 ESCAPE '\' OR u = '?' OR v = $2`},
		{`SELECT 'it''s ?', ? FROM t WHERE a = '' AND b = ?`, `SELECT 'it''s ?', $1 FROM t WHERE a = '' AND b = $2`},
		{`VALUES ` + rowMarks(2, 2), `VALUES ($1, $2), ($3, $4)`},
	}
	for _, tc := range tests {
		if got := numbered.bind(tc.in); got != tc.want {
			t.Errorf("bind(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := (&Dialect{}).bind(tc.in); got != tc.in {
			t.Errorf("bind(%q) without numbers = %q", tc.in, got)
		}
	}
}

func BenchmarkBind(b *testing.B) {
	d := &Dialect{Numbered: true}
	q := `UPDATE episodes SET title = ?, description = ?, published_at = ?, status = ?, season = ?,
		number = ?, type = ?, explicit = ?, audio_key = ? WHERE id = ? RETURNING show_id`
	for b.Loop() {
		d.bind(q)
	}
}
