package web

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus series, in a registry of its own so
// several servers (tests) never collide.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	mediaBytes prometheus.Counter
}

func (s *Server) newMetrics() *metrics {
	m := &metrics{
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
		mediaBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "onair_media_bytes_served_total",
			Help: "Body bytes sent by media delivery.",
		}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.mediaBytes,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if rec := s.cfg.Downloads; rec != nil {
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

// countRequests is the middleware that feeds the request series.
func (s *Server) countRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	s.metrics.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
	s.metrics.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
}

// serveMetrics is GET /metrics in the Prometheus text format.
func (s *Server) serveMetrics(c *gin.Context) {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(c.Writer, c.Request)
}
