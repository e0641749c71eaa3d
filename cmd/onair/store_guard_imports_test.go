package main

import (
	"context"

	"github.com/onair-fm/onair/catalog"
)

// The storeGuard's wrappers of catalog.ImportStore.

func (g *storeGuard) CreateImport(ctx context.Context, a *catalog.Import) error {
	defer g.use(ctx, "CreateImport")()
	return g.Store.CreateImport(ctx, a)
}

func (g *storeGuard) GetImport(ctx context.Context, a string) (*catalog.Import, error) {
	defer g.use(ctx, "GetImport")()
	return g.Store.GetImport(ctx, a)
}

func (g *storeGuard) UpdateImport(ctx context.Context, a *catalog.Import) error {
	defer g.use(ctx, "UpdateImport")()
	return g.Store.UpdateImport(ctx, a)
}

func (g *storeGuard) ListImports(ctx context.Context, a int) ([]*catalog.Import, error) {
	defer g.use(ctx, "ListImports")()
	return g.Store.ListImports(ctx, a)
}

func (g *storeGuard) SetShowSource(ctx context.Context, a *catalog.ShowSource) error {
	defer g.use(ctx, "SetShowSource")()
	return g.Store.SetShowSource(ctx, a)
}

func (g *storeGuard) GetShowSource(ctx context.Context, a string) (*catalog.ShowSource, error) {
	defer g.use(ctx, "GetShowSource")()
	return g.Store.GetShowSource(ctx, a)
}

func (g *storeGuard) ListShowSources(ctx context.Context) ([]*catalog.ShowSource, error) {
	defer g.use(ctx, "ListShowSources")()
	return g.Store.ListShowSources(ctx)
}

func (g *storeGuard) DeleteShowSource(ctx context.Context, a string) error {
	defer g.use(ctx, "DeleteShowSource")()
	return g.Store.DeleteShowSource(ctx, a)
}
