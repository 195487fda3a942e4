#!/usr/bin/env bash
# `deno task test:stress [deno test args…]`: runs the test suite (default: tests/) while another
# process keeps every core busy — Debian's stress-ng --cpu N if installed, else N busy shell
# loops — and stops that load when the tests end, however they end (pass, fail, Ctrl-C). N is the
# number of cores (STRESS_CPUS overrides it). Exits with the tests' status.
set -uo pipefail
cd "$(dirname "$0")/.."

cpus=${STRESS_CPUS:-$(nproc 2>/dev/null || echo 2)}
pids=()
stop_load() {
  if [ "${#pids[@]}" -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null
    # A load that outlives SIGTERM (one caught between fork and exec) gets SIGKILL after 5 s, so
    # the wait below always ends.
    (sleep 5; kill -KILL "${pids[@]}" 2>/dev/null) </dev/null >/dev/null 2>&1 &
    local watchdog=$!
    wait "${pids[@]}" 2>/dev/null
    kill "$watchdog" 2>/dev/null
    wait "$watchdog" 2>/dev/null
    pids=()
  fi
}
trap stop_load EXIT
trap 'stop_load; exit 130' INT
trap 'stop_load; exit 143' TERM

# Both kinds of load also end on their own if this script is killed outright (SIGKILL): stress-ng
# after 3 hours at most, a busy loop as soon as this shell is gone.
if command -v stress-ng >/dev/null 2>&1; then
  stress-ng --cpu "$cpus" --timeout 3h --quiet &
  pids+=($!)
  echo "test:stress: stress-ng --cpu $cpus (pid ${pids[*]}) keeps the cores busy" >&2
else
  for _ in $(seq "$cpus"); do
    bash -c "while kill -0 $$ 2>/dev/null; do :; done" &
    pids+=($!)
  done
  echo "test:stress: $cpus busy loops (pids ${pids[*]}) keep the cores busy (no stress-ng)" >&2
fi

if [ "$#" -eq 0 ]; then set -- tests/; fi
deno test -A "$@"
