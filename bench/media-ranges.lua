-- wrk script: GET 1 MiB ranges at random offsets of a file of SIZE bytes
-- (environment variable). No response() hook: wrk would copy every body
-- into Lua; wrk itself reports non-2xx answers.
local size = tonumber(os.getenv("SIZE"))
local chunk = 1048576

request = function()
	local off = math.random(0, size - chunk)
	return wrk.format("GET", nil, {
		["Range"] = "bytes=" .. off .. "-" .. (off + chunk - 1),
		["User-Agent"] = "Overcast/3.0 (+http://overcast.fm/)",
	})
end
