package storetest

import (
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

func testImports(t *testing.T, st catalog.Store) {
	im := &catalog.Import{FeedURL: "https://old.example/feed.xml", ShowSlug: "moved", State: catalog.ImportQueued,
		Options: []byte(`{"limit":3}`)}
	if err := st.CreateImport(ctx(t), im); err != nil {
		t.Fatal(err)
	}
	if im.ID == "" || im.CreatedAt.IsZero() {
		t.Fatalf("CreateImport filled %+v", im)
	}
	got, err := st.GetImport(ctx(t), im.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FeedURL != im.FeedURL || got.ShowSlug != "moved" || string(got.Options) != `{"limit":3}` ||
		got.State != catalog.ImportQueued || got.Report != nil || !got.FinishedAt.IsZero() {
		t.Errorf("GetImport = %+v", got)
	}
	got.State, got.Report, got.Error, got.FinishedAt = catalog.ImportFailed, []byte(`{"items":[]}`), "boom", at(time.Hour)
	if err := st.UpdateImport(ctx(t), got); err != nil {
		t.Fatal(err)
	}
	again, err := st.GetImport(ctx(t), im.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.State != catalog.ImportFailed || string(again.Report) != `{"items":[]}` || again.Error != "boom" ||
		!again.FinishedAt.Equal(stored(at(time.Hour))) {
		t.Errorf("after UpdateImport = %+v", again)
	}
	second := &catalog.Import{FeedURL: "https://old.example/2.xml", ShowSlug: "two", State: catalog.ImportRunning}
	if err := st.CreateImport(ctx(t), second); err != nil {
		t.Fatal(err)
	}
	list, err := st.ListImports(ctx(t), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != second.ID {
		t.Errorf("ListImports = %d, first %v", len(list), list)
	}
	_, err = st.GetImport(ctx(t), "nope")
	isErr(t, "unknown import", err, catalog.ErrNotFound)
	isErr(t, "UpdateImport unknown", st.UpdateImport(ctx(t), &catalog.Import{ID: "nope"}), catalog.ErrNotFound)
}

func testShowSources(t *testing.T, st catalog.Store) {
	sh := mustCreateShow(t, st, "mirror")
	src := &catalog.ShowSource{ShowID: sh.ID, FeedURL: "https://old.example/feed.xml", Every: 6 * time.Hour}
	if err := st.SetShowSource(ctx(t), src); err != nil {
		t.Fatal(err)
	}
	src.LastRunAt, src.LastImportID, src.ETag, src.LastModified = at(0), "imp1", `"v1"`, "Mon, 01 Jan 2024 10:00:00 GMT"
	if err := st.SetShowSource(ctx(t), src); err != nil {
		t.Fatal(err)
	}
	got, err := st.GetShowSource(ctx(t), sh.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FeedURL != src.FeedURL || got.Every != 6*time.Hour || !got.LastRunAt.Equal(stored(at(0))) || got.LastImportID != "imp1" ||
		got.ETag != `"v1"` || got.LastModified != "Mon, 01 Jan 2024 10:00:00 GMT" {
		t.Errorf("GetShowSource = %+v", got)
	}
	list, err := st.ListShowSources(ctx(t))
	if err != nil || len(list) != 1 || list[0].ShowID != sh.ID {
		t.Errorf("ListShowSources = %v, %v", list, err)
	}
	err = st.SetShowSource(ctx(t), &catalog.ShowSource{ShowID: "nope", FeedURL: "https://x.example/"})
	isErr(t, "source of unknown show", err, catalog.ErrNotFound)
	if err := st.DeleteShow(ctx(t), sh.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.GetShowSource(ctx(t), sh.ID)
	isErr(t, "source after its show was deleted", err, catalog.ErrNotFound)
	isErr(t, "DeleteShowSource gone", st.DeleteShowSource(ctx(t), sh.ID), catalog.ErrNotFound)
}
