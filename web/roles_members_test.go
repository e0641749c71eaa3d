package web

import "net/url"

// The members routes' rows in the role tables. A fixture's :id names an
// episode, which no subscriber has: a route of one subscriber answers 404
// to whoever may reach it.
func init() {
	publicRoutes = append(publicRoutes, "GET /feeds/private/:file", "HEAD /feeds/private/:file",
		"GET /sitemap.xml", "HEAD /sitemap.xml")
	apiRoutes = append(apiRoutes,
		apiRoute{"POST", "/api/v1/shows/:show/subscribers", jsonBody(`{"email":"member@example.com"}`), 201},
		apiRoute{"GET", "/api/v1/shows/:show/subscribers", nil, 200},
		apiRoute{"GET", "/api/v1/subscribers/:id", nil, 404},
		apiRoute{"PATCH", "/api/v1/subscribers/:id", jsonBody(`{"name":"Changed"}`), 404},
		apiRoute{"DELETE", "/api/v1/subscribers/:id", nil, 404},
		apiRoute{"POST", "/api/v1/subscribers/:id/rotate", nil, 404},
	)
	rendered := [4]int{200, 200, 403, 401}
	dashRoutes = append(dashRoutes,
		dashRoute{"GET", "/admin/shows/:show/subscribers", nil, page, false},
		dashRoute{"GET", "/admin/shows/:show/subscribers.csv", nil, page, false},
		dashRoute{"POST", "/admin/shows/:show/subscribers", func(fx *roleFixture) url.Values {
			return url.Values{"email": {"member@example.com"}}
		}, rendered, false},
		dashRoute{"POST", "/admin/shows/:show/subscribers/import", nil, [4]int{422, 422, 403, 401}, false},
		dashRoute{"POST", "/admin/shows/:show/subscribers/:id/revoke", nil, [4]int{404, 404, 403, 401}, false},
		dashRoute{"POST", "/admin/shows/:show/subscribers/:id/rotate", nil, [4]int{404, 404, 403, 401}, false},
	)
}
