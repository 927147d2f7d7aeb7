#!/usr/bin/env bash
# The newcomer's path of issue 13 in a real terminal (tests/functional/newcomer_script.py): F2 from
# the list, then every question's answer typed in ONE `send-keys` call (the value if the patient
# has it, else Enter to pass it), as keys arrive over SSH in a burst: each Enter waits for the
# next question to be weighed and the keys behind it land there. Then Esc and the list's verdicts.
# The keys are those the Pilot path takes (tests/functional/test_newcomer_script.py is the one
# CI runs and asserts; `python -m tests.functional.newcomer_script` prints them). Usage:
#   tests/functional/newcomer_tmux.sh [path/to/trialview]      (SIZE=60x20 ... to change the size)
set -euo pipefail
app=${1:-.venv/bin/trialview}
size=${SIZE:-80x24}
db=$(mktemp -d "${TMPDIR:-/tmp}/trialview-newcomer-XXXXXX")
name="newcomer$$"
trap 'tmux kill-session -t "$name" 2>/dev/null || true; rm -rf "$db"' EXIT
tmux new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" "$app --db $db --no-save"
on_list() {     # the list is on screen with its verdicts (its header says "N of N trials")
  for _ in $(seq 300); do     # up to 30 s: a loaded machine is slow
    tmux capture-pane -p -t "$name" | head -1 | grep -q " of .* trials" && return 0; sleep 0.1
  done
  echo "the list did not come back" >&2; return 1
}
on_list; sleep 3     # the list's "Ask next" line is still being worked out at first
# The path for today's screening date, walked with Pilot first (which questions come depends
# on the date: a therapy window counts from it), without its F2 and its final Escape.
py=${PYTHON:-.venv/bin/python}
read -r -a walked <<< "$("$py" -m tests.functional.newcomer_script)"
keys=("${walked[@]:1:${#walked[@]}-2}")
tmux send-keys -t "$name" F2
for _ in $(seq 100); do     # the form is built (a second or two on a loaded machine)
  tmux capture-pane -p -t "$name" | head -1 | grep -q "Enter: next question" && break; sleep 0.1
done
echo "----- the form, on its first question"; tmux capture-pane -p -t "$name"
tmux send-keys -t "$name" "${keys[@]}"      # every answer at once
sleep "${PAUSE:-15}"
echo "----- after the answers ($(( ${#keys[@]} )) keys in one send-keys)"; tmux capture-pane -p -t "$name"
tmux send-keys -t "$name" Escape
on_list; sleep 2
echo "----- the list"; tmux capture-pane -p -t "$name"
echo "keys sent: $(( ${#keys[@]} + 2 )) (F2 and Escape included)"
screen=$(tmux capture-pane -p -t "$name")
status=0
for want in "✗ NCT06801119" "✗ NCT06421701" "? NCT06946485" "✗ TV-E66FB72FC4" "? TV-831376FE37"; do
  icon=${want%% *}; id=${want#* }
  if echo "$screen" | grep -F " $id " | grep -qF "$icon"; then     # the row's Fit column
    echo "ok   $id $icon"
  else
    echo "FAIL $id: expected $icon"; status=1
  fi
done
exit $status
