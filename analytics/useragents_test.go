package analytics

import "testing"

func TestIdentify(t *testing.T) {
	tests := []struct {
		ua  string
		bot bool
		app string
	}{
		{"AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)", false, "Apple Podcasts"},
		{"Podcasts/1650.20 CFNetwork/1494.0.7 Darwin/23.4.0", false, "Apple Podcasts"},
		{"Spotify/8.9.36 iOS/17.4 (iPhone15,2)", false, "Spotify"},
		{"Spotify/1.0", false, "Spotify"},
		{"Overcast/3.0 (+http://overcast.fm/; iOS podcast app)", false, "Overcast"},
		{"PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)", false, "Pocket Casts"},
		{"Pocket Casts", false, "Pocket Casts"},
		{"AntennaPod/3.3.2", false, "AntennaPod"},
		{"Castro 2024.1/1234 Like iTunes", false, "Castro"},
		{"gPodder/3.11.4 (+http://gpodder.org/) Linux", false, "gPodder"},
		{"PodcastAddict/v5 (Linux; U; Android 14; en_US; +https://podcastaddict.com/)", false, "Podcast Addict"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", false, "Chrome"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51", false, "Edge"},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", false, "Firefox"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", false, "Safari"},
		{"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", false, "Samsung Internet"},
		{"okhttp/4.12.0", false, AppOther},
		{"SomeNewPlayer/1.0", false, AppOther},
		{"", true, "empty user agent"},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true, "generic bot"},
		{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", true, "generic bot"},
		{"curl/8.5.0", true, "command line and scripts"},
		{"Wget/1.21.4", true, "command line and scripts"},
		{"python-requests/2.31.0", true, "command line and scripts"},
		{"Go-http-client/1.1", true, "command line and scripts"},
		{"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", true, "link preview"},
		{"iTMS", true, "feed and search indexers"},
		{"atc/1.0 watchOS/10.4 model/Watch6,1 hwp/t8301 build/21T216 (6; dt:270)", true, "Apple watchOS pre-fetch"},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36", true, "generic crawler"},
		{"AppleCoreMedia/1.0\nGooglebot", true, "generic bot"},
	}
	for _, tt := range tests {
		got := Identify(tt.ua)
		if got.Bot != tt.bot || got.App != tt.app {
			t.Errorf("Identify(%q) = %+v, want bot=%v app=%q", tt.ua, got, tt.bot, tt.app)
		}
	}
}

func TestAgentsListLoads(t *testing.T) {
	l, err := loadAgents(useragentsJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Bots) == 0 || len(l.Apps) == 0 || len(l.Browsers) == 0 {
		t.Fatalf("empty group in useragents.json: %d bots, %d apps, %d browsers", len(l.Bots), len(l.Apps), len(l.Browsers))
	}
	if _, err := loadAgents([]byte(`{"bots":[{"name":"x","pattern":"("}]}`)); err == nil {
		t.Fatal("a bad pattern loaded without error")
	}
}

func FuzzIdentify(f *testing.F) {
	f.Add("AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)")
	f.Add("Mozilla/5.0 (compatible; Googlebot/2.1)")
	f.Add("")
	f.Fuzz(func(t *testing.T, ua string) {
		c := Identify(ua)
		if c.App == "" {
			t.Fatalf("Identify(%q) named no app", ua)
		}
		if again := Identify(ua); again != c {
			t.Fatalf("Identify(%q) = %+v, then %+v", ua, c, again)
		}
	})
}
