# Sourced by the benchmarks that start the release server (not run by itself).
#   await_ready PORT PID LOG   until the server answers /ready; if it exits first (a bad
#                              setting, a search index another server still holds), its
#                              log's end is printed and the benchmark fails, rather than
#                              waiting for ever
#   stop_server PID            stops it and waits until it has: a server holds its search
#                              index's lock until it exits, so the next one (another build,
#                              taking turns) could not open it
# and starts every server as deployed (README, "Memory"; scripts/run): glibc's allocator
# with two arenas, unless the caller's environment says otherwise.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
await_ready() {
    until curl -sf "http://127.0.0.1:$1/ready" >/dev/null; do
        if ! kill -0 "$2" 2>/dev/null; then
            echo "the server exited before it was ready; the end of $3:" >&2
            tail -n 20 "$3" >&2
            exit 1
        fi
    done
}
stop_server() {
    kill "$1" 2>/dev/null && wait "$1" 2>/dev/null
    true
}
