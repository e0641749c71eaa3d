package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/onair-fm/onair/catalog"
	"github.com/onair-fm/onair/importer"
	"github.com/onair-fm/onair/web/httpx"
)

// routesAdminImports are the import pages: paste a feed URL, see what
// would come over, start it, watch it, read its report. Admins only: an
// import creates a show.
func (s *Dashboard) routesAdminImports(a *gin.RouterGroup) {
	a.GET("/imports", s.Handle(s.importsPage))
	a.POST("/imports/preview", s.Handle(s.importPreview))
	a.POST("/imports", s.Handle(s.importStart))
	a.GET("/imports/:id", s.Handle(s.importPage))
}

// importForm reads the import form into the importer's options.
func importForm(c *gin.Context) (importer.Options, error) {
	o := importer.Options{FeedURL: strings.TrimSpace(c.PostForm("feed_url")), Show: strings.TrimSpace(c.PostForm("show"))}
	if !strings.HasPrefix(o.FeedURL, "http://") && !strings.HasPrefix(o.FeedURL, "https://") {
		return o, catalog.Invalidf("paste the podcast's RSS feed address, starting with https://")
	}
	if !catalog.ValidSlug(o.Show) {
		return o, catalog.Invalidf("the show's slug must be 1-64 lowercase letters, digits and inner hyphens")
	}
	if v := c.PostForm("mirror_hours"); v != "" && v != "0" {
		h, err := strconv.Atoi(v)
		if err != nil || h < 1 || h > 24*7 {
			return o, catalog.Invalidf("sync every 1 to 168 hours, or leave it empty")
		}
		o.Mirror = time.Duration(h) * time.Hour
	}
	return o, nil
}

func (s *Dashboard) importsPage(c *gin.Context) error {
	return s.renderImports(c, http.StatusOK, importer.Options{}, nil, nil)
}

// renderImports is the form, a preview when there is one, and the latest
// imports.
func (s *Dashboard) renderImports(c *gin.Context, status int, o importer.Options, preview *importer.Report, formErr error) error {
	list, err := s.Store.ListImports(c.Request.Context(), 20)
	if err != nil {
		return err
	}
	data := gin.H{"Form": o, "Preview": preview, "Imports": list, "MirrorHours": int(o.Mirror / time.Hour)}
	if formErr != nil {
		he := httpx.ToHTTP(formErr)
		data["Error"], status = he.Message, he.Status
		if he.Status >= 500 {
			data["Error"], status = importer.Explain(formErr), http.StatusUnprocessableEntity
		}
	}
	return s.renderAdmin(c, status, "imports", "Import a podcast", data)
}

// importPreview fetches the feed and shows what an import would do,
// downloading nothing.
func (s *Dashboard) importPreview(c *gin.Context) error {
	o, err := importForm(c)
	if err != nil {
		return s.renderImports(c, 0, o, nil, err)
	}
	o.DryRun = true
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Minute)
	defer cancel()
	rep, err := s.Imports.Importer.Run(ctx, o, nil)
	if err != nil {
		return s.renderImports(c, 0, o, nil, err)
	}
	o.DryRun = false
	return s.renderImports(c, http.StatusOK, o, rep, nil)
}

func (s *Dashboard) importStart(c *gin.Context) error {
	o, err := importForm(c)
	if err != nil {
		return s.renderImports(c, 0, o, nil, err)
	}
	im, err := s.Imports.Start(o)
	if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/admin/imports/"+im.ID)
	return nil
}

// importPage shows an import's progress (reloading while it runs) and its
// report.
func (s *Dashboard) importPage(c *gin.Context) error {
	im, err := s.Store.GetImport(c.Request.Context(), c.Param("id"))
	if err != nil {
		return httpx.OrNotFound(err, "import", c.Param("id"))
	}
	var rep importer.Report
	if im.Report != nil {
		if err := json.Unmarshal(im.Report, &rep); err != nil {
			return err
		}
	}
	running := im.State == catalog.ImportQueued || im.State == catalog.ImportRunning
	return s.renderAdmin(c, http.StatusOK, "import", "Import of "+im.FeedURL,
		gin.H{"Import": im, "Report": rep, "Running": running})
}
