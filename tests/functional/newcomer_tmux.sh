#!/usr/bin/env bash
# The newcomer's path of issue 13 in a real terminal (tests/functional/newcomer_script.py): F2 from
# the list, then every question's answer typed in ONE `send-keys` call (the value if the patient
# has it, else Enter to pass it), as keys arrive over SSH in a burst: each Enter waits for the
# next question to be weighed and the keys behind it land there. Then Esc and the list's verdicts.
# The keys are those the Pilot path takes (tests/functional/test_newcomer_script.py is the one
# CI runs and asserts; `python -m tests.functional.newcomer_script` prints them). Usage:
#   tests/functional/newcomer_tmux.sh [path/to/trialview]      (SIZE=60x20 ... to change the size)
set -euo pipefail
. "$(dirname "$0")/tmux_common.sh"
start_app newcomer "${1:-}"
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
check_verdicts
