package admin

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/feeds"
	"github.com/onair-fm/onair/publish"
	"github.com/onair-fm/onair/transcript"
	"github.com/onair-fm/onair/web/httpx"
)

// routesAdminTranscripts registers the transcript upload, the chapter
// editor and search.
func (s *Dashboard) routesAdminTranscripts(u *gin.RouterGroup) {
	u.POST("/episodes/:id/transcript", s.Handle(s.transcriptUpload))
	u.POST("/episodes/:id/transcript/delete", s.Handle(s.transcriptDelete))
	u.POST("/episodes/:id/chapters", s.Handle(s.chaptersSave))
	u.POST("/episodes/:id/chapters/import", s.Handle(s.chaptersImport))
	u.GET("/search", s.Handle(s.searchPage))
	s.SetBodyLimit(http.MethodPost, u.BasePath()+"/episodes/:id/transcript", transcript.MaxSize+httpx.FormBody)
	s.SetBodyLimit(http.MethodPost, u.BasePath()+"/episodes/:id/chapters/import", feeds.MaxChaptersSize+httpx.FormBody)
}

// formFile reads the uploaded file of the form's part name, at most max
// bytes; what it was sent as and called.
func formFile(c *gin.Context, name string, max int64) (b []byte, contentType, fileName string, err error) {
	fh, err := c.FormFile(name)
	if err != nil {
		return nil, "", "", catalog.Invalidf("choose a file to upload")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", "", err
	}
	defer f.Close()
	b, err = io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, "", "", err
	}
	if int64(len(b)) > max {
		return nil, "", "", &http.MaxBytesError{Limit: max}
	}
	return b, fh.Header.Get("Content-Type"), fh.Filename, nil
}

func (s *Dashboard) transcriptUpload(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	b, ct, name, err := formFile(c, "transcript", transcript.MaxSize)
	if err == nil {
		_, err = s.pub.SetTranscript(c.Request.Context(), e, publish.TranscriptUpload{Body: b, ContentType: ct,
			FileName: name, Language: strings.TrimSpace(c.PostForm("language"))})
	}
	if err != nil {
		return s.renderEpisode(c, 0, e, sh, err)
	}
	c.Redirect(http.StatusSeeOther, "/admin/episodes/"+e.ID+"?ok=saved#transcript")
	return nil
}

func (s *Dashboard) transcriptDelete(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	if err := s.pub.DeleteTranscript(c.Request.Context(), e); err != nil {
		return s.renderEpisode(c, 0, e, sh, err)
	}
	c.Redirect(http.StatusSeeOther, "/admin/episodes/"+e.ID+"?ok=deleted#transcript")
	return nil
}

// chaptersSave reads the chapter editor: rows of start, title, url, image
// and article, in order; a row with its remove box ticked, or left blank,
// is dropped.
func (s *Dashboard) chaptersSave(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	chs, err := readChapterRows(c)
	if err == nil {
		_, err = s.pub.SetChapters(c.Request.Context(), e, chs)
	}
	if err != nil {
		return s.renderEpisode(c, 0, e, sh, err)
	}
	c.Redirect(http.StatusSeeOther, "/admin/episodes/"+e.ID+"?ok=saved#chapters")
	return nil
}

func readChapterRows(c *gin.Context) ([]catalog.Chapter, error) {
	starts, titles := c.PostFormArray("start"), c.PostFormArray("ch_title")
	urls, images, articles := c.PostFormArray("ch_url"), c.PostFormArray("ch_image"), c.PostFormArray("ch_article")
	removed := map[string]bool{}
	for _, r := range c.PostFormArray("ch_remove") {
		removed[r] = true
	}
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	chs := []catalog.Chapter{}
	for i := range starts {
		ch := catalog.Chapter{Title: at(titles, i), URL: at(urls, i), Image: at(images, i), ArticleID: at(articles, i)}
		start := at(starts, i)
		if removed[strconv.Itoa(i)] || start == "" && ch.Title == "" && ch.URL == "" && ch.ArticleID == "" {
			continue
		}
		d, err := feeds.ParseNormalPlayTime(start)
		if err != nil {
			return nil, catalog.Invalidf("chapter %d: start %v", len(chs)+1, err)
		}
		ch.Start = d
		chs = append(chs, ch)
	}
	return chs, nil
}

func (s *Dashboard) chaptersImport(c *gin.Context) error {
	e, sh, err := s.episodeFor(c)
	if err != nil {
		return err
	}
	b, _, _, err := formFile(c, "chapters", feeds.MaxChaptersSize)
	if err == nil {
		_, err = s.pub.ImportChapters(c.Request.Context(), e, b)
	}
	if err != nil {
		return s.renderEpisode(c, 0, e, sh, err)
	}
	c.Redirect(http.StatusSeeOther, "/admin/episodes/"+e.ID+"?ok=saved#chapters")
	return nil
}

// searchHit is a search result as the dashboard lists it.
type searchHit struct {
	catalog.SearchHit
	Show   *catalog.Show
	At     string // "2:05" at a transcript match
	Public string // the public page, at the match
}

// searchPage finds episodes of the shows the user may edit by the words of
// their titles, notes and transcripts.
func (s *Dashboard) searchPage(c *gin.Context) error {
	ctx := c.Request.Context()
	q := strings.TrimSpace(c.Query("q"))
	data := gin.H{"Query": q}
	if q != "" {
		u := httpx.CurrentUser(c)
		sq := catalog.SearchQuery{Text: q, Limit: 100}
		if !u.IsAdmin() {
			sq.ShowIDs = append([]string{}, u.ShowIDs...)
		}
		hits, err := s.Store.Search(ctx, sq)
		if err != nil {
			return err
		}
		shows := map[string]*catalog.Show{}
		var out []searchHit
		for _, h := range hits {
			sh := shows[h.ShowID]
			if sh == nil {
				if sh, err = s.Store.GetShowByID(ctx, h.ShowID); err != nil {
					return err
				}
				shows[h.ShowID] = sh
			}
			v := searchHit{SearchHit: h, Show: sh, Public: s.EpisodeURL(sh, &catalog.Episode{ID: h.EpisodeID})}
			if h.At >= 0 {
				v.At = httpx.FormatDuration(h.At)
				v.Public += "?t=" + strconv.FormatInt(int64(h.At.Seconds()), 10)
			}
			out = append(out, v)
		}
		data["Hits"] = out
	}
	return s.renderAdmin(c, http.StatusOK, "search", "Search", data)
}

// chapterStart is a start as the editor shows it: m:ss or h:mm:ss, with
// milliseconds when there are some.
func chapterStart(d interface{ Milliseconds() int64 }) string {
	ms := d.Milliseconds()
	s := ms / 1000
	out := strconv.FormatInt(s/60, 10) + ":" + two(s%60)
	if s >= 3600 {
		out = strconv.FormatInt(s/3600, 10) + ":" + two(s/60%60) + ":" + two(s%60)
	}
	if ms%1000 != 0 {
		out += "." + strconv.FormatInt(1000+ms%1000, 10)[1:]
	}
	return out
}

func two(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
