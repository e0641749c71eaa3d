-- wrk script: GET a random subscriber's private feed each time, from the
-- paths in the file TOKENS names (one a line); with WALK=1, every path in
-- turn instead (the warm-up, which must reach each subscriber once); with
-- GZIP=1 asking for gzip, as apps do. No response() hook: wrk itself
-- reports non-2xx answers.
local paths = {}
for line in io.lines(os.getenv("TOKENS")) do
	paths[#paths + 1] = line
end
local walk = os.getenv("WALK") == "1"
local headers = {["User-Agent"] = "Overcast/3.0 (+http://overcast.fm/)"}
if os.getenv("GZIP") == "1" then
	headers["Accept-Encoding"] = "gzip"
end
local n = 0

request = function()
	local p
	if walk then
		n = n % #paths + 1
		p = paths[n]
	else
		p = paths[math.random(#paths)]
	end
	return wrk.format("GET", p, headers)
end
