# Shared by the bench scripts: source it.

# cputicks PID...: user+system CPU clock ticks used so far by the processes
# and their children (nginx's workers are its master's children).
cputicks() {
	local total=0 p
	for p in "$@" $(pgrep -P "$1" 2>/dev/null); do
		[[ -r /proc/$p/stat ]] || continue
		total=$((total + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
	done
	echo "$total"
}
hz=$(getconf CLK_TCK)
