"""The selected criterion in full: wrapped text with what the checks read highlighted, the
reason in words, inferred comparators, and the variables that would decide it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from trialview.model.condition_words import condition_label
from trialview.model.criteria.tree import CriterionNode
from trialview.model.matching.effect import EFFECT_ICON, effect_of
from trialview.model.matching.outcome import reason_text
from trialview.model.matching.result import NodeResult
from trialview.model.trial import Trial
from trialview.model.vocabulary import BY_ID
from trialview.model.drugs import DRUG_BY_ID, DRUG_CLASSES
from trialview.tui.frames import displayed
from trialview.tui.labels import FAVOUR_STYLE, favour, plain, status_words
from trialview.tui.render import trial_text


SCROLL_HINT = "more below: ctrl+down / ctrl+up"


def variable_name(var_id: str) -> str:
    if var_id in BY_ID:
        var = BY_ID[var_id]
        return var.label + (f" ({var.unit})" if var.unit and var.kind == "number" else "")
    if var_id in DRUG_CLASSES:
        return DRUG_CLASSES[var_id] + " (therapies)"
    if var_id in DRUG_BY_ID:
        return DRUG_BY_ID[var_id].name + " (therapies)"
    return var_id.replace("_", " ")


def criterion_text(node: CriterionNode) -> Text:
    """The criterion's words with every span a check read in reverse video."""
    text = Text(plain(node.text))
    raw = node.text
    # Spans are offsets into the raw text; plain() collapses whitespace, so map only when equal.
    if plain(raw) == raw:
        for check in node.checks:
            if check.span and 0 <= check.span[0] < check.span[1] <= len(raw):
                text.stylize("reverse bold", *check.span)
    return text


class CriterionDetail(VerticalScroll):
    """Shows one criterion (or the trial's facts when a section is selected)."""

    def __init__(self, **kwargs: Any) -> None:  # Textual's widget options, passed on
        super().__init__(**kwargs)
        self.can_focus = False
        self.needs: list[str] = []
        self._shown: Text | None = None
        self._lines = -1                # wrapped lines of what is shown (-1: not measured)
        self._key: str | None = None    # the criterion shown (its id)

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body", markup=False)

    def show_trial(self, trial: Trial | None) -> None:
        self.needs = []
        body = Text(trial_text(trial)) if trial is not None else Text("")
        self._show(body)

    def show_criterion(self, node: CriterionNode, section: str | None,
                       result: NodeResult | None, decidable: bool = True) -> None:
        shown_before = self._key
        status = result.status if result else "unknown"
        style = FAVOUR_STYLE[favour(section, status)]
        out = Text()
        out.append(f"{EFFECT_ICON[effect_of(section, status)]} {status_words(section, result)}", style=style)
        if result and result.by_hand:
            out.append("  ✎ decided by hand", style="bold")
        out.append(f"   {plain(section or '')} {plain(node.id)}\n", style="dim")
        # The whole text, wrapped (never cut): a clinician reads the criterion, not our summary.
        out.append_text(criterion_text(node))
        out.append("\n")
        # What no check read stays open for a person (BRIEF contract: `unread`), said before the Why.
        unread = _unread_within(node)
        if unread:
            out.append("Not read by the machine (for a person): ", style="bold")
            out.append("; ".join(unread) + "\n")
        if result and result.reason and not result.by_hand:
            out.append("Why: ", style="bold")
            out.append(plain(result.reason) + "\n")
        if result and result.by_hand and result.machine is not None:
            # panel.md: where a person overrode the machine, both are shown
            found, why, _ = result.machine
            out.append("The machine found: ", style="bold")
            out.append(plain(f"{found.replace('_', ' ')}" + (f": {reason_text(why)}" if why else "")) + "\n")
        if result and result.stale is not None:
            out.append("Not applied: ", style="bold")
            out.append(plain(f"a hand decision ({result.stale.status.replace('_', ' ')}) was made on "
                             f"other text of this criterion: {result.stale.text or ''}") + "\n")
        inferred = [c for c in node.checks if c.inferred]
        if inferred:
            out.append("Note: ", style="bold")
            out.append("the source lost a comparator symbol (≥ ≤); it was inferred as "
                       + ", ".join(plain(c.describe()) for c in inferred) + ". Check the wording.\n")
        for check in node.checks:
            if check.note:
                out.append("Note: ", style="bold")
                out.append(plain(check.note) + "\n")
        if node.condition is not None:
            out.append(f"Applies {condition_label(node)}: ", style="bold")
            out.append(plain(node.condition.text) + "\n")
        if node.exceptions:
            out.append("Unless: ", style="bold")
            out.append(plain("; ".join(node.exceptions)) + "\n")
        self.needs = list(result.needs) if result else []
        if self.needs:
            out.append("Decided by: ", style="bold")
            out.append(", ".join(variable_name(v) for v in self.needs))
            out.append("  (Enter: type it)\n", style="dim")
        elif status == "manual":
            out.append("For a person to judge: press m to decide it by hand.\n", style="dim")
        if self._show(out, node.id) and node.id != shown_before:
            self.scroll_home(animate=False)

    def _show(self, body: Text, key: str | None = None) -> bool:
        """Show `body` unless it is what is shown: a keystroke in the panel usually leaves the
        selected criterion as it was, and a new body costs a layout of the screen."""
        if body == self._shown:
            return False
        self._shown = body
        static = self.query_one("#detail-body", Static)
        # A keystroke changes the Why and the lines after it, and a body of another height costs
        # a layout of the whole screen (profiled: most of a keystroke's layout passes). While the
        # same criterion is shown its body never shrinks (blank lines keep the height it had),
        # so after the first keys a new status is a repaint only.
        # Hidden, it is not asked its width: finding a hidden widget can make Textual lay out the
        # whole screen (tui/frames.py).
        width = static.content_region.width if displayed(static) else 0
        lines = len(body.wrap(self.app.console, width)) if width > 0 else -1
        same = key is not None and key == self._key and lines >= 0
        if same and lines < self._lines:
            body = body.copy()
            body.append("\n" * (self._lines - lines))
            lines = self._lines
        # Hidden (width 0: at 80x24 the F2 form replaces the tree and this pane), its height
        # matters only once shown, and showing it lays the screen out anyway.
        static.update(body, layout=width > 0 and (not same or lines != self._lines))
        self._key, self._lines = key, lines
        return True

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """Say on the pane's top line how to read the rest, when the text runs past it (the
        scroll bar is shown exactly then)."""
        self.border_title = SCROLL_HINT if shown else None


def _unread_within(node: CriterionNode) -> list[str]:
    """What no check read in node's text, then in its parts', each part's named by its id: a
    criterion's Why says "part of its text no check reads" once for each part that has some, and a
    newcomer reading "Adequate organ function" (six labelled parts) had to open every one to
    find which words were left to them."""
    out = [plain(u) for u in node.unread if plain(u)]
    parts = [*([node.condition] if node.condition is not None else []), *node.children]
    while parts:
        part = parts.pop(0)
        out += [f"{plain(part.id)}: {plain(u)}" for u in part.unread if plain(u)]
        parts[:0] = [*([part.condition] if part.condition is not None else []), *part.children]
    return out
