#!/usr/bin/env bash
# The bedside screening of issue 13 in a real terminal, for a person to watch or re-run:
# the patient of tests/functional/bedside_script.py typed into trialview at 80x24 in tmux, each
# trial's keys in one `send-keys` burst up to each Esc (as keys arrive over SSH), then the list.
# A trial the list already reads ✗ is not opened (as a person would not).
# The keys are the ones tests/functional/test_bedside_script.py records (pytest -s prints them);
# the Pilot test is the one CI runs and asserts. Usage:
#   tests/functional/bedside_tmux.sh [path/to/trialview]      (SIZE=60x20 ... to change the size)
set -euo pipefail
. "$(dirname "$0")/tmux_common.sh"
start_app bedside "${1:-}"
count=0
send() {        # one trial's keys in bursts (one send-keys call each)
  # A terminal reads Esc followed at once by a letter as Alt+letter (that is how Alt is sent),
  # so a burst ends at each Escape, as a person's pause after Esc does.
  count=$((count + $#)); local chunk=()
  for key in "$@"; do
    chunk+=("$key")
    if [ "$key" = Escape ]; then tmux send-keys -t "$name" "${chunk[@]}"; chunk=(); sleep 0.3; fi
  done
  [ ${#chunk[@]} -eq 0 ] || tmux send-keys -t "$name" "${chunk[@]}"
  sleep "${PAUSE:-1}"; on_list; echo "----- after $1 … ($# keys)"; tmux capture-pane -p -t "$name"
}
# NCT06801119: age, SLE duration ("6y"), prednisone dose, the therapies ("r" + Enter takes
# rituximab; Down from its last dose to the next drug), anti-dsDNA, low C3, SLEDAI-2K, Hb (7.6,
# Enter takes "did you mean g/dL?") (✗)
send Home Down Down Enter n 3 4 Enter n n 6 y Enter n 1 0 Enter n Enter r Enter 2 0 2 6 '-' 0 9 \
     '-' 0 1 Down M M F Down p r e d n i s o n e Escape n Enter Enter '+' Enter y Escape n 1 0 \
     Escape n Enter Enter Enter 7 . 6 Enter Escape Escape
# NCT06421701: the list already reads ✗ (not opened)
# NCT06946485: ALT (U/L shown) and its ULN, sex (a CrCl input), HIV, HBsAg, pregnancy; n no
# longer stops for the 2019 EULAR/ACR classification passed in the first trial
send Home Down Enter n n n 4 0 Enter 4 0 Escape n Enter Enter f Escape n n n n n n n n n n n n n \
     '-' Enter Enter '-' Escape n n Enter n Enter n Escape
# TV-E66FB72FC4: the list already reads ✗ (not opened)
# TV-831376FE37: nothing more known (n says so at once)
send Home Enter n n Escape
echo "keys sent: $count"
check_verdicts
