"""Single-line labels for the list and the tree, built as Rich `Text` (never markup).

Every string that came from a trial file or a user goes through `plain()`: control characters
stripped, whitespace collapsed to one line. Rich `Text` objects are not parsed for markup, so a
title containing "[bold]" or "[@click=app.quit]" shows literally.
"""

from __future__ import annotations

from rich.text import Text

from trialview.model.criteria.tree import CriterionNode
from trialview.model.matching.result import MatchResult, NodeResult
from trialview.model.text import strip_controls
from trialview.tui.render import STATUS_ICON, VERDICT_ICON

# Colour says the same as the icon and words, so the labels read without colour (NO_COLOR).
FAVOUR_STYLE = {"good": "green", "bad": "bold red", "open": "yellow", "manual": "magenta"}
VERDICT_WORD = {"eligible": "eligible", "ineligible": "ineligible", "unknown": "undecided"}
VERDICT_STYLE = {"eligible": "green", "ineligible": "bold red", "unknown": "yellow"}
BY_HAND_MARK = "✎"


def plain(text: str | None, limit: int | None = None) -> str:
    """Untrusted text made safe and single-line, cut to `limit` characters with an ellipsis."""
    one_line = " ".join(strip_controls(text or "").split())
    if limit is not None and len(one_line) > limit:
        return one_line[: max(0, limit - 1)] + "…"
    return one_line


def favour(section: str | None, status: str) -> str:
    """Whether a status is in the patient's favour: an exclusion that is met is bad."""
    if status == "manual":
        return "manual"
    if status == "unknown":
        return "open"
    holds = status == "met"
    if section == "exclusion":
        return "bad" if holds else "good"
    return "good" if holds else "bad"


def status_words(section: str | None, result: NodeResult | None) -> str:
    """What a status means for the patient, in words (exclusions say whether they exclude)."""
    status = result.status if result else "unknown"
    if section == "exclusion":
        return {"met": "excludes", "not_met": "does not apply", "unknown": "may exclude",
                "manual": "judge"}[status]
    return {"met": "met", "not_met": "not met", "unknown": "open", "manual": "judge"}[status]


def node_label(node: CriterionNode, section: str | None, result: NodeResult | None) -> Text:
    """One tree line: icon, (for exclusions) whether it excludes, a hand mark, the text."""
    status = result.status if result else "unknown"
    style = FAVOUR_STYLE[favour(section, status)]
    label = Text()
    label.append(STATUS_ICON[status], style=style)
    if node.kind == "section":
        name = plain(node.text or node.section or node.id, 40).capitalize()
        label.append(" " + (name if "criteri" in name.lower() else name + " criteria"), style="bold")
        return label
    if section == "exclusion" or (result and result.by_hand):
        words = status_words(section, result) if section == "exclusion" else ""
        hand = BY_HAND_MARK if result and result.by_hand else ""
        label.append(" " + " ".join(w for w in (words, hand) if w), style=style)
    if node.kind in ("all", "any"):
        label.append(" all of:" if node.kind == "all" else " any of:")
        return label
    label.append(" " + plain(node.text, 160))
    return label


def section_summary(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {STATUS_ICON[s]}" for s in ("met", "not_met", "unknown", "manual") if counts.get(s)]
    return "  (" + " ".join(parts) + ")" if parts else ""


def verdict_cell(result: MatchResult | None) -> Text:
    """The list's verdict column: ✓, ✗, or ? with the number of open criteria."""
    if result is None:
        return Text("…", style="dim")
    icon = VERDICT_ICON[result.verdict]
    if result.verdict == "unknown":
        return Text(f"{icon} {len(result.open)}", style=VERDICT_STYLE["unknown"])
    return Text(icon, style=VERDICT_STYLE[result.verdict])


def verdict_text(result: MatchResult | None) -> Text:
    """The verdict in words, for headers: "✗ ineligible (2 blockers)"."""
    if result is None:
        return Text("")
    text = Text(f"{VERDICT_ICON[result.verdict]} {VERDICT_WORD[result.verdict]}",
                style=VERDICT_STYLE[result.verdict])
    extra = []
    if result.blockers:
        extra.append(f"{len(result.blockers)} against")
    if result.open:
        extra.append(f"{len(result.open)} open")
    if extra:
        text.append(" (" + ", ".join(extra) + ")")
    return text
