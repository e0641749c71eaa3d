package httpx

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the server's Prometheus series, in a registry of its own so
// several servers (tests) never collide.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	MediaBytes prometheus.Counter
	opsMetrics
	// series caches request series by key (seriesFor).
	series sync.Map
}

// NewMetrics makes the server's Prometheus series in a registry of its own.
func (s *Env) NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "onair_http_requests_total",
			Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "onair_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern; media includes the transfer.",
			Buckets: []float64{.001, .005, .01, .05, .1, .5, 1, 5, 30, 300},
		}, []string{"route"}),
		MediaBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "onair_media_bytes_served_total",
			Help: "Body bytes sent by media delivery.",
		}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.MediaBytes,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.opsMetrics = newOpsMetrics(m.reg)
	m.reg.MustRegister(buildInfoGauge(s.build()))
	if rec := s.Cfg.Downloads; rec != nil {
		m.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "onair_download_events_recorded_total",
				Help: "Delivered audio ranges queued for download counting.",
			}, func() float64 { return float64(rec.Recorded()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "onair_download_events_dropped_total",
				Help: "Range events lost to a full buffer or a failing store.",
			}, func() float64 { return float64(rec.Dropped()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "onair_downloads_counted_total",
				Help: "Downloads counted by this node's aggregation runs.",
			}, func() float64 { return float64(rec.Counted()) }),
		)
	}
	return m
}

// countRequest adds a finished request to the request series.
func (s *Env) countRequest(c *gin.Context, d time.Duration) {
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	series := s.Metrics.seriesFor(route, methodLabel(c.Request.Method), c.Writer.Status())
	series.requests.Inc()
	series.duration.Observe(d.Seconds())
}

// methodLabel is the method as a label: clients may send any token as a
// method, and each would otherwise become a series of its own.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// seriesKey names one request series; route comes from the router's own
// strings, so building a key allocates nothing.
type seriesKey struct {
	route, method string
	status        int
}

type requestSeries struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// seriesFor returns the series of a route, method and status, looked up
// in the vectors once and then kept: their label hashing and the status's
// string were a good part of every request's own cost. Methods and
// statuses come from a small set, routes from the router, so the map
// stays small.
func (m *Metrics) seriesFor(route, method string, status int) requestSeries {
	k := seriesKey{route, method, status}
	if v, ok := m.series.Load(k); ok {
		return v.(requestSeries)
	}
	rs := requestSeries{
		requests: m.requests.WithLabelValues(route, method, strconv.Itoa(status)),
		duration: m.duration.WithLabelValues(route),
	}
	m.series.Store(k, rs)
	return rs
}

// ServeMetrics is GET /metrics in the Prometheus text format on the main
// listener. The series tell an outsider about traffic and the process, so
// only clients on this machine or a private network get them, and nobody
// does when they have a listener of their own (Config.MetricsListener);
// anyone else gets the 404 of an unknown path.
func (s *Env) ServeMetrics(c *gin.Context) {
	if s.Cfg.MetricsListener || !PrivateClient(c) {
		s.WriteError(c, ErrNoRoute)
		return
	}
	s.metricsHandler().ServeHTTP(c.Writer, c.Request)
}

// MetricsHandler serves GET /metrics alone, for a listener of its own
// (onair serve --metrics-addr) that only the monitoring network reaches.
func (s *Env) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metricsHandler())
	return mux
}

func (s *Env) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.Metrics.reg, promhttp.HandlerOpts{})
}
