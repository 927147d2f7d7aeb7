#!/usr/bin/env bash
# F2 on the trial list -> the patient form painted with the asked question ("Asked:" on screen),
# as a person sees it: the app in a tmux pane of 80x24 on the bundled sample trials, the screen
# read every 20 ms. Prints each open and the median (issue 13: newcomers took a slow F2 for a
# dead key). Usage: tests/perf/f2_paint.sh [RUNS] [TRIALVIEW]   (default 7, .venv/bin/trialview)
set -euo pipefail
runs=${1:-7}
app=${2:-.venv/bin/trialview}
db=$(mktemp -d)
session="f2paint$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$db"' EXIT
tmux new-session -d -s "$session" -x 80 -y 24 "$app --db $db/db"
until tmux capture-pane -p -t "$session" | grep -q "Ask next: [a-z]"; do sleep 0.2; done
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  tmux send-keys -t "$session" F2
  until tmux capture-pane -p -t "$session" | grep -q "Asked:"; do sleep 0.02; done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  times+=("$ms")
  echo "F2 -> form painted: $ms ms"
  sleep 1.5
  tmux send-keys -t "$session" Escape
  until tmux capture-pane -p -t "$session" | grep -q "Ask next:"; do sleep 0.1; done
  sleep 1
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}')
echo "median of $runs: $median ms (load $(cut -d' ' -f1 /proc/loadavg))"
