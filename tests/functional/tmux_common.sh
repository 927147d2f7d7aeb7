# Sourced by bedside_tmux.sh and newcomer_tmux.sh: trialview in a tmux session of $SIZE (80x24 by
# default) on a throw-away store, waiting for the list, and the five verdicts checked at the end.
#   start_app KIND [path/to/trialview]      sets $name (the tmux session) and waits for the list
#   on_list                                 waits until the list is on screen again
#   check_verdicts                          exit status 1 unless the list reads the five expected
start_app() {
  local kind=$1 app=${2:-.venv/bin/trialview} size=${SIZE:-80x24}
  db=$(mktemp -d "${TMPDIR:-/tmp}/trialview-$kind-XXXXXX")
  name="$kind$$"
  trap 'tmux kill-session -t "$name" 2>/dev/null || true; rm -rf "$db"' EXIT
  tmux new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" "$app --db $db --no-save"
  on_list; sleep 3     # the list's "Ask next" line is still being worked out at first
}
on_list() {     # the list is on screen with its verdicts (its header says "N of N trials")
  for _ in $(seq 300); do     # up to 30 s: a loaded machine is slow
    tmux capture-pane -p -t "$name" | head -1 | grep -q " of .* trials" && return 0; sleep 0.1
  done
  echo "the list did not come back" >&2; return 1
}
check_verdicts() {   # what a careful screener concludes (tests/functional/bedside_script.py EXPECTED)
  local screen status=0 want icon id
  screen=$(tmux capture-pane -p -t "$name")
  for want in "✗ NCT06801119" "✗ NCT06421701" "? NCT06946485" "✗ TV-E66FB72FC4" "? TV-831376FE37"; do
    icon=${want%% *}; id=${want#* }
    if echo "$screen" | grep -F " $id " | grep -qF "$icon"; then     # the row's Fit column
      echo "ok   $id $icon"
    else
      echo "FAIL $id: expected $icon"; status=1
    fi
  done
  return $status
}
