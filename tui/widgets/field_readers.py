"""Under the full form: the criteria of one trial that read the focused field, each with its
effect on the patient, updated as the panel changes. Typing in the full form then shows what
the value does, as the tree does on the trial screen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trialview.model.criteria.tree import CriteriaTree, CriterionNode
from trialview.model.matching.result import MatchResult
from trialview.model.matching.effect import EFFECT_ICON, effect_of
from trialview.model.vocabulary import BY_ID
from trialview.tui.labels import EFFECT_STYLE, plain

THERAPIES = "therapies"
MAX_LINES = 4


def reads(node: CriterionNode, var_id: str) -> bool:
    """Whether a criterion's own checks read `var_id` ("therapies": any drug or class)."""
    if var_id == THERAPIES:
        return any(c.variable not in BY_ID for c in node.checks)
    return any(c.variable == var_id for c in node.checks)


class FieldReaders(Static):
    """A few lines: "Hemoglobin in NCT06801119: 1 criterion", then one line per criterion."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)   # type: ignore[arg-type]  # Static's kwargs
        self._shown: Text | None = None

    def show(self, var_id: str | None, trial_id: str, tree: CriteriaTree,
             result: MatchResult | None, box: str | None = None, read_by: int | None = None) -> None:
        """`read_by`: how many trials read the field, when known: a field this trial does not
        read is said to be read by others (a newcomer took "no criterion reads it", the trial
        highlighted in the list, for "this value does not matter")."""
        out = Text()
        if box:
            out.append(f"▸ {plain(box)}\n", style="bold")
        if var_id is None:
            out.append(f"Move to a field: the criteria of {plain(trial_id)} that read it show here.",
                       style="dim")
            self._update(out)
            return
        name = "Therapies" if var_id == THERAPIES else BY_ID[var_id].label if var_id in BY_ID else var_id
        found: list[tuple[CriterionNode, str | None]] = []
        for top in tree.sections:
            section_name = top.section or ("exclusion" if "exc" in top.id else "inclusion")
            found += [(n, section_name) for n in top.walk() if n.kind != "section" and reads(n, var_id)]
        count = len(found)
        out.append(f"{plain(name)} in {plain(trial_id)}: ", style="bold")
        out.append(f"{count} criterion" if count == 1 else f"{count} criteria" if count else
                   "no criterion reads it")
        if not count and read_by:
            out.append(f"; {read_by} other trial{'' if read_by == 1 else 's'} "
                       f"{'does' if read_by == 1 else 'do'}")
        for node, section in found[:MAX_LINES]:
            status = result.statuses[node.id].status if result and node.id in result.statuses else "unknown"
            effect = effect_of(section, status)
            out.append("\n")
            out.append(EFFECT_ICON[effect], style=EFFECT_STYLE[effect])
            out.append(f" {plain(node.id)} {plain(node.text)}")
        if count > MAX_LINES:
            out.append(f"\n… {count - MAX_LINES} more", style="dim")
        self._update(out)

    def _update(self, body: Text) -> None:
        # Most keystrokes leave these lines as they were: no repaint for nothing.
        if body != self._shown:
            self._shown = body
            # No layout: the pane's size never follows its text (app.tcss: height 6, no wrap),
            # and a layout pass of the screen, the whole form, cost more than the key's frame.
            self.update(body, layout=False)
