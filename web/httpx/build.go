package httpx

import (
	"runtime/debug"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// Build says which onair this is: what /healthz, onair_build_info and
// onair version tell. Nothing in it is secret.
type Build struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	Go      string `json:"go"`
}

// ReadBuild reads the binary's build information (runtime/debug), with
// version, commit and date, when not empty, taking the place of what the
// toolchain recorded: a release build sets them with -ldflags -X.
func ReadBuild(version, commit, date string) Build {
	b := Build{Version: "(devel)", Commit: "unknown", Date: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		b.Go = bi.GoVersion
		if v := bi.Main.Version; v != "" {
			b.Version = v
		}
		var modified bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.Date = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && b.Commit != "unknown" {
			b.Commit += "-dirty"
		}
	}
	for _, kv := range []struct {
		dst *string
		v   string
	}{{&b.Version, version}, {&b.Commit, commit}, {&b.Date, date}} {
		if v := strings.TrimSpace(kv.v); v != "" {
			*kv.dst = v
		}
	}
	return b
}

// build is the configured build, or the binary's own when none is set.
func (s *Env) build() Build {
	if s.Cfg.Build.Version != "" {
		return s.Cfg.Build
	}
	return ReadBuild("", "", "")
}

// buildInfoGauge is onair_build_info: always 1, the build in its labels,
// as Prometheus exporters conventionally say what they run.
func buildInfoGauge(b Build) prometheus.Collector {
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "onair_build_info",
		Help: "Which onair this is: version, commit, build date and Go version in the labels; always 1.",
		ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit,
			"date": b.Date, "goversion": b.Go},
	})
	g.Set(1)
	return g
}

// Healthz is GET /healthz: the server answers, and which build it is.
func (s *Env) Healthz() any {
	b := s.build()
	return struct {
		Status string `json:"status"`
		Build
	}{"ok", b}
}
