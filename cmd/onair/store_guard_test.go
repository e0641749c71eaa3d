package main

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/onair-fm/onair/catalog"
)

// storeGuard is a catalog.Store that records each use made of it after
// Close, and each call still running when Close is called: serve must
// stop every job that uses the store, and wait for it, before it closes
// the store. Every method of catalog.Store is wrapped below;
// TestStoreGuardWrapsEveryMethod says which one a new method needs.
type storeGuard struct {
	catalog.Store

	mu         sync.Mutex
	closed     int            // Close calls
	calls      map[string]int // per method
	running    map[string]int // per method, calls not yet returned
	violations map[string]int // what went wrong, how often

	slow string        // a method whose first call is slow to cancel
	held chan struct{} // closed when that call began
}

func newStoreGuard(st catalog.Store) *storeGuard {
	return &storeGuard{Store: st, calls: map[string]int{}, running: map[string]int{}, violations: map[string]int{},
		held: make(chan struct{})}
}

// store is g as serve gets it: with Listen when the store has it (a
// PostgreSQL store), so serve runs its change listener under the guard.
func (g *storeGuard) store() catalog.Store {
	if _, ok := g.Store.(changeListener); ok {
		return guardListener{g}
	}
	return g
}

// use records a call of method; defer the func it returns. The first call
// of the method named slow (if any) is a query slow to see that its
// context ended: it takes until then and lateBy more, and is running all
// that time.
func (g *storeGuard) use(ctx context.Context, method string) func() {
	g.mu.Lock()
	g.calls[method]++
	g.running[method]++
	if g.closed > 0 {
		g.violations[method+" called after Close"]++
	}
	hold := method == g.slow && g.calls[method] == 1
	g.mu.Unlock()
	if hold {
		close(g.held)
		<-ctx.Done()
		time.Sleep(lateBy)
	}
	return func() {
		g.mu.Lock()
		g.running[method]--
		g.mu.Unlock()
	}
}

// lateBy is how long after its context ended a slow call returns.
const lateBy = 200 * time.Millisecond

func (g *storeGuard) Close() error {
	g.mu.Lock()
	for m, n := range g.running {
		if n > 0 {
			g.violations[fmt.Sprintf("%s still running (%d) at Close", m, n)]++
		}
	}
	g.closed++
	g.mu.Unlock()
	return g.Store.Close()
}

// called is how often method was called so far.
func (g *storeGuard) called(method string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.calls[method]
}

// check fails t unless the store was closed once and used correctly, and
// returns how often each method was called.
func (g *storeGuard) check(t *testing.T) map[string]int {
	t.Helper()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed != 1 {
		t.Errorf("store closed %d times, want once", g.closed)
	}
	for v, n := range g.violations {
		t.Errorf("%s (%d times)", v, n)
	}
	return maps.Clone(g.calls)
}

// guardListener is a storeGuard over a store that announces changes.
type guardListener struct{ *storeGuard }

func (g guardListener) Listen(ctx context.Context, fn func(showID string)) error {
	defer g.use(ctx, "Listen")()
	return g.Store.(changeListener).Listen(ctx, fn)
}

// TestStoreGuardWrapsEveryMethod: storeGuard embeds catalog.Store, so a
// method added to it compiles unwatched; this names it.
func TestStoreGuardWrapsEveryMethod(t *testing.T) {
	t.Parallel()
	var wrapped []string
	files, err := filepath.Glob("store_guard*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil {
				if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok && star.X.(*ast.Ident).Name == "storeGuard" {
					wrapped = append(wrapped, fn.Name.Name)
				}
			}
		}
	}
	st := reflect.TypeFor[catalog.Store]()
	for i := range st.NumMethod() {
		if name := st.Method(i).Name; !slices.Contains(wrapped, name) {
			t.Errorf("storeGuard does not wrap catalog.Store's %s", name)
		}
	}
}
