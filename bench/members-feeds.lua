-- wrk script: GET a random subscriber's private feed each time, from the
-- paths in the file TOKENS names (one a line). No response() hook: wrk
-- itself reports non-2xx answers.
local paths = {}
for line in io.lines(os.getenv("TOKENS")) do
	paths[#paths + 1] = line
end

request = function()
	return wrk.format("GET", paths[math.random(#paths)], {["User-Agent"] = "Overcast/3.0 (+http://overcast.fm/)"})
end
