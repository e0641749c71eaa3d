package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/onair-fm/onair/catalog/sqlite"
)

// TestCheckIntegrity: rows whose parent is gone, written with foreign keys
// off (as an old tool or a damaged file may leave them), are reported.
func TestCheckIntegrity(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "onair.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", "file:"+escape(path)+"?_pragma=foreign_keys(0)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO upload_chunks (upload_id, pos, size, key) VALUES ('gone', 0, 4, 'uploads/gone/0')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	st, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.CheckIntegrity(ctx)
	if want := []string{"1 upload chunks without their upload"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("CheckIntegrity = %q, %v; want %q", got, err, want)
	}
}
