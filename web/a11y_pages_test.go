package web

// a11yPages is every page the accessibility check (TestAccessibility)
// visits. Adding a page is one line: a name, its path and who looks at it.
// In the path, {show} is a show with artwork and episodes, {empty} a show
// without episodes, {episode} a live episode with chapters (one of them an
// article), related articles and a transcript, {draft} a draft episode, {article} the URL (escaped) of an
// article related to {episode}, {import} an import that ended and
// {running-import} one still running; see a11yFixture. public pages are looked
// at signed out; dashboard pages signed in as an admin and again as an
// editor of {show} (who gets the refusal page where only admins may go).
// Each page is checked light and dark, at phone and desktop widths.
var a11yPages = []a11yPage{
	{"home", "/", public},
	{"network", "/network", public},
	{"show", "/shows/{show}", public},
	{"show without episodes", "/shows/{empty}", public},
	{"episode", "/shows/{show}/episodes/{episode}", public},
	{"episode at a time", "/shows/{show}/episodes/{episode}?t=0:20", public},
	{"transcript", "/shows/{show}/episodes/{episode}/transcript.html", public},
	{"embed episode", "/embed/episodes/{episode}", public},
	{"embed show", "/embed/shows/{show}", public},
	{"embed article", "/embed/articles?url={article}", public},
	{"not found", "/no/such/page", public},
	{"episode not found", "/shows/{show}/episodes/nope", public},
	{"sign in", "/admin/signin", public},
	{"dashboard", "/admin", dashboard},
	{"dashboard show", "/admin/shows/{show}", dashboard},
	{"dashboard empty show", "/admin/shows/{empty}", dashboard},
	{"new show", "/admin/shows/new", dashboard},
	{"show stats", "/admin/shows/{show}/stats", dashboard},
	{"subscribers", "/admin/shows/{show}/subscribers", dashboard},
	{"upload", "/admin/shows/{show}/episodes/new", dashboard},
	{"dashboard episode", "/admin/episodes/{episode}", dashboard},
	{"dashboard draft", "/admin/episodes/{draft}", dashboard},
	{"episode stats", "/admin/episodes/{episode}/stats", dashboard},
	{"delete episode", "/admin/episodes/{episode}/delete", dashboard},
	{"tokens", "/admin/tokens", dashboard},
	{"import", "/admin/imports", dashboard},
	{"import report", "/admin/imports/{import}", dashboard},
	{"import running", "/admin/imports/{running-import}", dashboard},
	{"search", "/admin/search?q=ferry", dashboard},
	{"dashboard not found", "/admin/episodes/nope", dashboard},
}

// a11yModerateAllowed are the axe rules of impact "moderate" a page may
// break, each with the reason. README.md ("Accessibility") lists them too:
// change both together. Serious and critical violations are never allowed.
var a11yModerateAllowed = map[string]string{}
