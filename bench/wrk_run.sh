# Sourced by the web benchmarks. run ARGS...: wrk with $connections connections for $duration
# seconds on ARGS, printing "requests/s p99 non-2xx requests" from wrk's report.
run() {
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@")
  local rps p99 errors requests
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$rps $p99 ${errors:-0} $requests"
}
