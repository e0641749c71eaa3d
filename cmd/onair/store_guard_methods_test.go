package main

import (
	"context"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// The storeGuard's wrappers, one per method of catalog.Store (Close is in
// store_guard_test.go).

func (g *storeGuard) AddOldSlug(ctx context.Context, a string, b catalog.OldSlug) error {
	defer g.use(ctx, "AddOldSlug")()
	return g.Store.AddOldSlug(ctx, a, b)
}

func (g *storeGuard) AddUploadChunk(ctx context.Context, a string, b catalog.UploadChunk, c time.Time) error {
	defer g.use(ctx, "AddUploadChunk")()
	return g.Store.AddUploadChunk(ctx, a, b, c)
}

func (g *storeGuard) AnalyticsSecret(ctx context.Context) ([]byte, error) {
	defer g.use(ctx, "AnalyticsSecret")()
	return g.Store.AnalyticsSecret(ctx)
}

func (g *storeGuard) AppendRangeEvents(ctx context.Context, a []catalog.RangeEvent) error {
	defer g.use(ctx, "AppendRangeEvents")()
	return g.Store.AppendRangeEvents(ctx, a)
}

func (g *storeGuard) ClaimUpload(ctx context.Context, a string, b string, c time.Time, d time.Duration) (bool, error) {
	defer g.use(ctx, "ClaimUpload")()
	return g.Store.ClaimUpload(ctx, a, b, c, d)
}

func (g *storeGuard) ClearSignInFailures(ctx context.Context, a string) error {
	defer g.use(ctx, "ClearSignInFailures")()
	return g.Store.ClearSignInFailures(ctx, a)
}

func (g *storeGuard) CloseUpload(ctx context.Context, a string) (*catalog.Upload, error) {
	defer g.use(ctx, "CloseUpload")()
	return g.Store.CloseUpload(ctx, a)
}

func (g *storeGuard) CountEpisodes(ctx context.Context, a catalog.EpisodeFilter) (int, error) {
	defer g.use(ctx, "CountEpisodes")()
	return g.Store.CountEpisodes(ctx, a)
}

func (g *storeGuard) CreateArticle(ctx context.Context, a *catalog.Article) error {
	defer g.use(ctx, "CreateArticle")()
	return g.Store.CreateArticle(ctx, a)
}

func (g *storeGuard) CreateEpisode(ctx context.Context, a *catalog.Episode) error {
	defer g.use(ctx, "CreateEpisode")()
	return g.Store.CreateEpisode(ctx, a)
}

func (g *storeGuard) CreateSession(ctx context.Context, a *catalog.Session) error {
	defer g.use(ctx, "CreateSession")()
	return g.Store.CreateSession(ctx, a)
}

func (g *storeGuard) CreateShow(ctx context.Context, a *catalog.Show) error {
	defer g.use(ctx, "CreateShow")()
	return g.Store.CreateShow(ctx, a)
}

func (g *storeGuard) CreateToken(ctx context.Context, a *catalog.Token) error {
	defer g.use(ctx, "CreateToken")()
	return g.Store.CreateToken(ctx, a)
}

func (g *storeGuard) CreateUpload(ctx context.Context, a *catalog.Upload) error {
	defer g.use(ctx, "CreateUpload")()
	return g.Store.CreateUpload(ctx, a)
}

func (g *storeGuard) CreateUser(ctx context.Context, a *catalog.User) error {
	defer g.use(ctx, "CreateUser")()
	return g.Store.CreateUser(ctx, a)
}

func (g *storeGuard) DeleteArticle(ctx context.Context, a string) error {
	defer g.use(ctx, "DeleteArticle")()
	return g.Store.DeleteArticle(ctx, a)
}

func (g *storeGuard) DeleteEpisode(ctx context.Context, a string) error {
	defer g.use(ctx, "DeleteEpisode")()
	return g.Store.DeleteEpisode(ctx, a)
}

func (g *storeGuard) DeleteExpiredSessions(ctx context.Context, a time.Time) (int, error) {
	defer g.use(ctx, "DeleteExpiredSessions")()
	return g.Store.DeleteExpiredSessions(ctx, a)
}

func (g *storeGuard) DeleteSession(ctx context.Context, a []byte) error {
	defer g.use(ctx, "DeleteSession")()
	return g.Store.DeleteSession(ctx, a)
}

func (g *storeGuard) DeleteShow(ctx context.Context, a string) error {
	defer g.use(ctx, "DeleteShow")()
	return g.Store.DeleteShow(ctx, a)
}

func (g *storeGuard) DeleteSignInFailures(ctx context.Context, a time.Time) (int, error) {
	defer g.use(ctx, "DeleteSignInFailures")()
	return g.Store.DeleteSignInFailures(ctx, a)
}

func (g *storeGuard) DeleteToken(ctx context.Context, a string) error {
	defer g.use(ctx, "DeleteToken")()
	return g.Store.DeleteToken(ctx, a)
}

func (g *storeGuard) DeleteUpload(ctx context.Context, a string) error {
	defer g.use(ctx, "DeleteUpload")()
	return g.Store.DeleteUpload(ctx, a)
}

func (g *storeGuard) DeleteUser(ctx context.Context, a string) error {
	defer g.use(ctx, "DeleteUser")()
	return g.Store.DeleteUser(ctx, a)
}

func (g *storeGuard) DownloadStats(ctx context.Context, a catalog.StatsQuery) ([]catalog.StatsRow, error) {
	defer g.use(ctx, "DownloadStats")()
	return g.Store.DownloadStats(ctx, a)
}

func (g *storeGuard) DownloadsAfter(ctx context.Context, a int64, b int) ([]catalog.Download, error) {
	defer g.use(ctx, "DownloadsAfter")()
	return g.Store.DownloadsAfter(ctx, a, b)
}

func (g *storeGuard) FinishUpload(ctx context.Context, a string, b []byte, c time.Time) error {
	defer g.use(ctx, "FinishUpload")()
	return g.Store.FinishUpload(ctx, a, b, c)
}

func (g *storeGuard) FoldRangeEvents(ctx context.Context, a int, b time.Time, c catalog.DownloadFolder) (int, error) {
	defer g.use(ctx, "FoldRangeEvents")()
	return g.Store.FoldRangeEvents(ctx, a, b, c)
}

func (g *storeGuard) GetArticle(ctx context.Context, a string) (*catalog.Article, error) {
	defer g.use(ctx, "GetArticle")()
	return g.Store.GetArticle(ctx, a)
}

func (g *storeGuard) GetArticleByURL(ctx context.Context, a string) (*catalog.Article, error) {
	defer g.use(ctx, "GetArticleByURL")()
	return g.Store.GetArticleByURL(ctx, a)
}

func (g *storeGuard) GetEpisode(ctx context.Context, a string) (*catalog.Episode, error) {
	defer g.use(ctx, "GetEpisode")()
	return g.Store.GetEpisode(ctx, a)
}

func (g *storeGuard) GetSession(ctx context.Context, a []byte) (*catalog.Session, error) {
	defer g.use(ctx, "GetSession")()
	return g.Store.GetSession(ctx, a)
}

func (g *storeGuard) GetShow(ctx context.Context, a string) (*catalog.Show, error) {
	defer g.use(ctx, "GetShow")()
	return g.Store.GetShow(ctx, a)
}

func (g *storeGuard) GetShowByID(ctx context.Context, a string) (*catalog.Show, error) {
	defer g.use(ctx, "GetShowByID")()
	return g.Store.GetShowByID(ctx, a)
}

func (g *storeGuard) GetUpload(ctx context.Context, a string) (*catalog.Upload, error) {
	defer g.use(ctx, "GetUpload")()
	return g.Store.GetUpload(ctx, a)
}

func (g *storeGuard) GetUser(ctx context.Context, a string) (*catalog.User, error) {
	defer g.use(ctx, "GetUser")()
	return g.Store.GetUser(ctx, a)
}

func (g *storeGuard) GetUserByEmail(ctx context.Context, a string) (*catalog.User, error) {
	defer g.use(ctx, "GetUserByEmail")()
	return g.Store.GetUserByEmail(ctx, a)
}

func (g *storeGuard) ImportDownloads(ctx context.Context, a []catalog.Download) error {
	defer g.use(ctx, "ImportDownloads")()
	return g.Store.ImportDownloads(ctx, a)
}

func (g *storeGuard) ListArticles(ctx context.Context, a string, b int) ([]*catalog.Article, error) {
	defer g.use(ctx, "ListArticles")()
	return g.Store.ListArticles(ctx, a, b)
}

func (g *storeGuard) ListEpisodes(ctx context.Context, a catalog.EpisodeFilter) ([]*catalog.Episode, error) {
	defer g.use(ctx, "ListEpisodes")()
	return g.Store.ListEpisodes(ctx, a)
}

func (g *storeGuard) ListShows(ctx context.Context) ([]*catalog.Show, error) {
	defer g.use(ctx, "ListShows")()
	return g.Store.ListShows(ctx)
}

func (g *storeGuard) ListTokens(ctx context.Context) ([]*catalog.Token, error) {
	defer g.use(ctx, "ListTokens")()
	return g.Store.ListTokens(ctx)
}

func (g *storeGuard) ListUsers(ctx context.Context) ([]*catalog.User, error) {
	defer g.use(ctx, "ListUsers")()
	return g.Store.ListUsers(ctx)
}

func (g *storeGuard) NextScheduled(ctx context.Context, a string, b time.Time) (time.Time, bool, error) {
	defer g.use(ctx, "NextScheduled")()
	return g.Store.NextScheduled(ctx, a, b)
}

func (g *storeGuard) OldSlugs(ctx context.Context, a string) ([]catalog.OldSlug, error) {
	defer g.use(ctx, "OldSlugs")()
	return g.Store.OldSlugs(ctx, a)
}

func (g *storeGuard) RecordSignInFailure(ctx context.Context, a string, b time.Time) error {
	defer g.use(ctx, "RecordSignInFailure")()
	return g.Store.RecordSignInFailure(ctx, a, b)
}

func (g *storeGuard) ReleaseOldSlug(ctx context.Context, a string, b string) error {
	defer g.use(ctx, "ReleaseOldSlug")()
	return g.Store.ReleaseOldSlug(ctx, a, b)
}

func (g *storeGuard) SetEpisodeArticles(ctx context.Context, a string, b []string) error {
	defer g.use(ctx, "SetEpisodeArticles")()
	return g.Store.SetEpisodeArticles(ctx, a, b)
}

func (g *storeGuard) ShowByOldSlug(ctx context.Context, a string) (*catalog.Show, error) {
	defer g.use(ctx, "ShowByOldSlug")()
	return g.Store.ShowByOldSlug(ctx, a)
}

func (g *storeGuard) SignInFailures(ctx context.Context, a string, b time.Time) (int, error) {
	defer g.use(ctx, "SignInFailures")()
	return g.Store.SignInFailures(ctx, a, b)
}

func (g *storeGuard) StaleUploads(ctx context.Context, a time.Time, b int) ([]*catalog.Upload, error) {
	defer g.use(ctx, "StaleUploads")()
	return g.Store.StaleUploads(ctx, a, b)
}

func (g *storeGuard) TokenByHash(ctx context.Context, a []byte) (*catalog.Token, error) {
	defer g.use(ctx, "TokenByHash")()
	return g.Store.TokenByHash(ctx, a)
}

func (g *storeGuard) TouchToken(ctx context.Context, a string, b time.Time) error {
	defer g.use(ctx, "TouchToken")()
	return g.Store.TouchToken(ctx, a, b)
}

func (g *storeGuard) TryLease(ctx context.Context, a string, b string, c time.Time, d time.Duration) (bool, error) {
	defer g.use(ctx, "TryLease")()
	return g.Store.TryLease(ctx, a, b, c, d)
}

func (g *storeGuard) UpdateArticle(ctx context.Context, a *catalog.Article) error {
	defer g.use(ctx, "UpdateArticle")()
	return g.Store.UpdateArticle(ctx, a)
}

func (g *storeGuard) UpdateEpisode(ctx context.Context, a *catalog.Episode) error {
	defer g.use(ctx, "UpdateEpisode")()
	return g.Store.UpdateEpisode(ctx, a)
}

func (g *storeGuard) UpdateShow(ctx context.Context, a *catalog.Show) error {
	defer g.use(ctx, "UpdateShow")()
	return g.Store.UpdateShow(ctx, a)
}

func (g *storeGuard) UpdateUser(ctx context.Context, a *catalog.User) error {
	defer g.use(ctx, "UpdateUser")()
	return g.Store.UpdateUser(ctx, a)
}

func (g *storeGuard) BlobRefs(ctx context.Context) ([]catalog.BlobRef, error) {
	defer g.use(ctx, "BlobRefs")()
	return g.Store.BlobRefs(ctx)
}

func (g *storeGuard) CheckIntegrity(ctx context.Context) ([]string, error) {
	defer g.use(ctx, "CheckIntegrity")()
	return g.Store.CheckIntegrity(ctx)
}

func (g *storeGuard) ClaimTranscriptJob(ctx context.Context, a time.Time) (string, error) {
	defer g.use(ctx, "ClaimTranscriptJob")()
	return g.Store.ClaimTranscriptJob(ctx, a)
}

func (g *storeGuard) DeleteTranscript(ctx context.Context, a string, b string) error {
	defer g.use(ctx, "DeleteTranscript")()
	return g.Store.DeleteTranscript(ctx, a, b)
}

func (g *storeGuard) PutTranscript(ctx context.Context, a *catalog.Transcript) error {
	defer g.use(ctx, "PutTranscript")()
	return g.Store.PutTranscript(ctx, a)
}

func (g *storeGuard) Search(ctx context.Context, a catalog.SearchQuery) ([]catalog.SearchHit, error) {
	defer g.use(ctx, "Search")()
	return g.Store.Search(ctx, a)
}

func (g *storeGuard) SetChapters(ctx context.Context, a string, b []catalog.Chapter) error {
	defer g.use(ctx, "SetChapters")()
	return g.Store.SetChapters(ctx, a, b)
}

func (g *storeGuard) Transcript(ctx context.Context, a string, b string) (*catalog.Transcript, error) {
	defer g.use(ctx, "Transcript")()
	return g.Store.Transcript(ctx, a, b)
}
