"""Single-line labels for the list and the tree, built as Rich `Text` (never markup).

Every string that came from a trial file or a user goes through `plain()`: control characters
stripped, whitespace collapsed to one line. Rich `Text` objects are not parsed for markup, so a
title containing "[bold]" or "[@click=app.quit]" shows literally.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from trialview.model.criteria.tree import CriterionNode
from trialview.model.matching.ask import variable_label
from trialview.model.matching.effect import EFFECT_ICON, EFFECT_WORD, Effect, effect_of, what_holds
from trialview.model.matching.result import MatchResult, NodeResult
from trialview.model.text import strip_controls
from trialview.tui.render import VERDICT_ICON

# Colour says the same as the icon and words, so the labels read without colour (NO_COLOR).
EFFECT_STYLE: dict[Effect, str] = {"in_favour": "green", "against": "bold red", "open": "yellow",
                                   "for_a_person": "magenta"}
VERDICT_WORD = {"eligible": "eligible", "ineligible": "ineligible", "unknown": "undecided"}
VERDICT_STYLE = {"eligible": "green", "ineligible": "bold red", "unknown": "yellow"}
BY_HAND_MARK = "✎"
# The older names the criteria tree and detail read (favour's keys): one map, from the effect.
_FAVOUR: dict[Effect, str] = {"in_favour": "good", "against": "bad", "open": "open",
                              "for_a_person": "manual"}
FAVOUR_STYLE = {_FAVOUR[e]: style for e, style in EFFECT_STYLE.items()}


def plain(text: str | None, limit: int | None = None) -> str:
    """Untrusted text made safe and single-line, cut to `limit` characters with an ellipsis."""
    one_line = " ".join(strip_controls(text or "").split())
    if limit is not None and len(one_line) > limit:
        return one_line[: max(0, limit - 1)] + "…"
    return one_line


def favour(section: str | None, status: str) -> str:
    """Whether a status is in the patient's favour ("good", "bad", "open", "manual"): the
    effect of `model.matching.effect` under the names the tree's n/N read."""
    return _FAVOUR[effect_of(section, status)]


def status_words(section: str | None, result: NodeResult | None) -> str:
    """The effect in words, then what was found: "against: this exclusion is met"."""
    status = result.status if result else "unknown"
    effect = EFFECT_WORD[effect_of(section, status)]
    if status not in ("met", "not_met"):
        return effect
    which = "this exclusion is" if section == "exclusion" else "this criterion is"
    return f"{effect}: {which} {what_holds(section, status)}"


def node_label(node: CriterionNode, section: str | None, result: NodeResult | None,
               hand_below: bool = False) -> Text:
    """One tree line: the effect's icon, a hand mark, the text (one line: the detail pane has
    it in full). A section line says its effect in words: "✗ Exclusion criteria: against".
    `hand_below`: a part under this criterion was decided by hand ("✎ below", seen folded too:
    nc28 folded a criterion and its status no longer said a person had decided it)."""
    status = result.status if result else "unknown"
    effect = effect_of(section, status)
    style = EFFECT_STYLE[effect]
    label = Text()
    label.append(EFFECT_ICON[effect], style=style)
    if node.kind == "section":
        name = plain(node.text or node.section or node.id, 40).capitalize()
        label.append(" " + (name if "criteri" in name.lower() else name + " criteria"), style="bold")
        label.append(": " + EFFECT_WORD[effect], style=style)
        return label
    if result and result.by_hand:
        label.append(" " + BY_HAND_MARK, style=style)
    elif hand_below:
        label.append(f" {BY_HAND_MARK} below", style=style)
    if node.kind in ("all", "any"):
        label.append(" all of:" if node.kind == "all" else " any of:")
        return label
    label.append(" " + plain(node.text, 160))
    return label


def section_summary(counts: dict[str, int], section: str | None) -> str:
    """A section's children (`counts` by status) counted by effect: "  (1 ✗ 8 ? 1 ☐)"."""
    by_effect: Counter[Effect] = Counter()
    for status, count in counts.items():
        by_effect[effect_of(section, status)] += count
    order: tuple[Effect, ...] = ("in_favour", "against", "open", "for_a_person")
    parts = [f"{by_effect[e]} {EFFECT_ICON[e]}" for e in order if by_effect.get(e)]
    return "  (" + " ".join(parts) + ")" if parts else ""


def verdict_cell(result: MatchResult | None) -> Text:
    """The list's verdict column: ✓; ✗ with the number of criteria against; ? with the number
    open (the effect icons of the tree: ✗ 2 reads "2 against")."""
    if result is None:
        return Text("…", style="dim")
    icon = VERDICT_ICON[result.verdict]
    if result.verdict == "unknown":
        return Text(f"{icon} {len(result.open)}", style=VERDICT_STYLE["unknown"])
    if result.verdict == "ineligible":
        return Text(f"{icon} {len(result.blockers)}", style=VERDICT_STYLE["ineligible"])
    return Text(icon, style=VERDICT_STYLE[result.verdict])


def first_against(result: MatchResult) -> str:
    """The first reason against, in the words `trialview match` prints, and how many more:
    "hemoglobin 76 g/L < 80 g/L required (inc-7) +1 more against" (the trial's header, the
    list's line)."""
    first = result.blockers[0]
    more = len(result.blockers) - 1
    return f"{plain(first.reason)} ({plain(first.node_id)})" + (f" +{more} more against" if more else "")


def why_line(trial_id: str, result: MatchResult | None) -> Text:
    """The list's line under the table for the highlighted trial: why it reads ✗ (the first reason
    against, as `trialview match` says it), what keeps it open, or that it fits."""
    if result is None:
        return Text(f"… {plain(trial_id)}: being matched", style="dim")
    icon = VERDICT_ICON[result.verdict]
    # The verdict in words too: the list's Fit column shows only the icon and a count, which
    # newcomers could not read ("? 6": six what?); this line names both.
    out = Text(f"{icon} {plain(trial_id)} {VERDICT_WORD[result.verdict]}: ", style=VERDICT_STYLE[result.verdict])
    if result.verdict == "ineligible" and result.blockers:
        out.append(first_against(result))
    elif result.verdict == "unknown":
        needs = list(dict.fromkeys(n for q in result.open for n in q.needs))
        count = len(result.open)
        out.append(f"{count} criteri{'on' if count == 1 else 'a'} open, nothing against")
        if needs:
            out.append(f"; needs {', '.join(plain(variable_label(n)) for n in needs)}")
    else:
        out.append("every criterion decided in the patient's favour")
    return out


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
