// Package pgtest gives a test its own empty PostgreSQL schema, so tests on
// the server in ONAIR_TEST_POSTGRES run in parallel and leave nothing behind.
package pgtest

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onair-fm/onair/catalog"
)

// Env names the variable holding the test server's DSN, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const Env = "ONAIR_TEST_POSTGRES"

// DSN returns the test server's DSN pointed (through search_path) at a new,
// empty schema that is dropped when t ends. It skips t when Env is unset and
// fails it when the server does not answer.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a DSN such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run them", Env)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("%s is set but PostgreSQL does not answer: %v", Env, err)
	}
	defer conn.Close(ctx)
	schema := "onair_test_" + catalog.NewID()
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return WithSchema(dsn, schema)
}

// WithSchema returns dsn with its search_path set to schema; it takes both
// URL and key=value DSNs.
func WithSchema(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}
