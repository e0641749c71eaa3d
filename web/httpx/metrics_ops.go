package httpx

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// opsMetrics are the series that say where the server's time goes besides
// answering requests: feed rebuilds and the stages of processing an upload.
type opsMetrics struct {
	feedBuild   *prometheus.HistogramVec
	uploadStage *prometheus.HistogramVec
}

// opsBuckets go from a millisecond to two minutes: a feed of a few items
// builds in a millisecond, storing a large upload to S3 takes a minute.
var opsBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}

func newOpsMetrics(reg *prometheus.Registry) opsMetrics {
	m := opsMetrics{
		feedBuild: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "onair_feed_build_duration_seconds",
			Help:    "Time to rebuild a show's feed (read the catalog, render what changed, assemble, compress), by format.",
			Buckets: opsBuckets,
		}, []string{"format"}),
		uploadStage: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "onair_upload_processing_seconds",
			Help:    "Time an upload spends in each stage of processing: probe (reading the audio) and store (writing it to media storage and the catalog).",
			Buckets: opsBuckets,
		}, []string{"stage"}),
	}
	reg.MustRegister(m.feedBuild, m.uploadStage)
	return m
}

// ObserveFeedBuild records one feed rebuild of format ("rss", "atom", "json").
func (m *Metrics) ObserveFeedBuild(format string, d time.Duration) {
	if m == nil {
		return
	}
	m.feedBuild.WithLabelValues(format).Observe(d.Seconds())
}

// ObserveUploadStage records the time one upload spent in stage
// (publish.StageProbe, publish.StageStore).
func (m *Metrics) ObserveUploadStage(stage string, d time.Duration) {
	if m == nil {
		return
	}
	m.uploadStage.WithLabelValues(stage).Observe(d.Seconds())
}
