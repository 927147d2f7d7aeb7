"""A screening worksheet: one patient against one trial, every criterion, as Markdown.

Shared by `trialview match --format markdown` and the TUI's worksheet key, so both print the
same. Text from the trial file is untrusted: Markdown and HTML characters are escaped and
control characters stripped, so a criterion cannot inject a link or a heading.
"""

from __future__ import annotations

import re

from trialview.model.condition_words import condition_label
from trialview.model.criteria.tree import CriteriaTree, CriterionNode
from trialview.model.matching.effect import LEGEND, effect_label, what_holds
from trialview.model.matching.result import MatchResult
from trialview.model.panel import Panel
from trialview.model.text import strip_controls
from trialview.model.trial import Trial

_VERDICT = {"eligible": "✓ eligible", "ineligible": "✗ ineligible", "unknown": "? undecided"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!<>|~])")


def md(text: str | None) -> str:
    """Untrusted text as one line of literal Markdown."""
    one_line = " ".join(strip_controls(text or "").split())
    return _MD_SPECIAL.sub(r"\\\1", one_line).replace("&", "&amp;")


def worksheet_markdown(trial: Trial, tree: CriteriaTree, result: MatchResult, panel: Panel) -> str:
    lines = [f"# Screening worksheet: {md(trial.trial_id)}", "", f"**{md(trial.title)}**", ""]
    facts = [("Patient", panel.label or "(no label)"), ("Screening date", panel.as_of.isoformat()),
             ("Verdict", _VERDICT[result.verdict]),
             ("Status", trial.status or "not given"), ("Phase", trial.phase or "not given")]
    lines += [f"- {name}: {md(value)}" for name, value in facts]
    lines += ["", f"Effect on the patient: {LEGEND}. An exclusion that applies is against the "
              "patient.", ""]
    for section in tree.sections:
        name = section.section or ("exclusion" if "exc" in section.id.lower() else "inclusion")
        lines += [f"## {name.capitalize()} criteria", "",
                  "| # | Effect | Criterion | Reason | Decided by |", "|---|---|---|---|---|"]
        for node in _criteria(section):
            status = result.statuses.get(node.id)
            code = status.status if status else "unknown"
            by = "hand" if status and status.by_hand else ("a person (pending)" if code == "manual" else "machine")
            reason = status.reason if status else ""
            if status and status.needs and code in ("unknown", "manual"):
                reason = (reason + "; " if reason else "") + "needs " + ", ".join(status.needs)
            if node.condition is not None:
                reason = (reason + "; " if reason else "") + f"applies {condition_label(node)}: " + node.condition.text
            if node.unread:     # what no check read stays in view for the person who signs
                reason = (reason + "; " if reason else "") + "not read by the machine: " + "; ".join(node.unread)
            stale = status.stale if status else None
            if stale is not None:
                # panel.md: a hand decision made on other text is reported, never applied
                reason = (reason + "; " if reason else "") + (
                    f"NOT APPLIED: a hand decision ({stale.status.replace('_', ' ')}) was made on "
                    f"other text of this criterion: {stale.text or ''}")
                by += " (hand decision not applied)"
            lines.append(f"| {md(node.id)} | {_effect(name, code)} | {md(node.text)} "
                         f"| {md(reason)} | {by} |")
        lines.append("")
    if result.stale:
        # Every stale decision, those whose criterion is gone from the trial too.
        lines += ["## Hand decisions not applied", "",
                  "Made on other text than the trial's criterion reads now; decide again by hand.", ""]
        for gone in result.stale:
            now = f"it now reads: {gone.now}" if gone.now else "no such criterion now"
            lines.append(f"- {md(gone.node_id)}: {md(gone.status.replace('_', ' '))}, made on "
                         f"\"{md(gone.text)}\"; {md(now)}")
        lines.append("")
    if result.blockers:
        lines += ["## Why not eligible", ""]
        lines += [f"- {md(b.node_id)}: {md(b.reason)}" for b in result.blockers]
        lines.append("")
    lines.append(f"Worksheet for screening on {panel.as_of.isoformat()}; "
                 "check every machine decision against the source record.")
    return "\n".join(lines) + "\n"


def _effect(section: str, status: str) -> str:
    """"✗ against (applies)": the effect, then what the machine found in the text."""
    return f"{effect_label(section, status)} ({what_holds(section, status)})"


def _criteria(section: CriterionNode) -> list[CriterionNode]:
    """The criteria of a section in reading order (groups are walked through, not listed)."""
    out: list[CriterionNode] = []
    for child in section.children:
        if child.kind == "criterion":
            out.append(child)
        out.extend(_criteria(child) if child.kind != "criterion" else
                   [c for c in child.walk() if c is not child and c.kind == "criterion"])
    return out
