"""Plain-text renderings of trials, criteria trees and match results for the command line.

No Textual or Rich here: these run for every scripting command and must stay cheap to import.
"""

from __future__ import annotations

import textwrap

from trialview.model.condition_words import condition_label
from trialview.model.criteria.tree import CriteriaTree, CriterionNode
from trialview.model.matching.effect import EFFECT_ICON, EFFECT_WORD, LEGEND
from trialview.model.matching.result import STATUS_ICON, VERDICT_ICON, MatchResult
from trialview.model.text import strip_controls
from trialview.model.trial import Trial

__all__ = ["STATUS_ICON", "VERDICT_ICON", "legend", "match_text", "tree_text", "trial_text"]


def _age_range(trial: Trial) -> str:
    def fmt(v: float) -> str:
        return f"{v:g}"

    lo, hi = trial.min_age_years, trial.max_age_years
    if lo is None:
        return "any age" if hi is None else f"up to {fmt(hi)} years"
    if hi is None:
        return f"{fmt(lo)}+ years"
    return f"{fmt(lo)}–{fmt(hi)} years"


def trial_text(trial: Trial) -> str:
    lines = [trial.title]
    if trial.official_title and trial.official_title != trial.title:
        lines.append(trial.official_title)
    facts = [
        ("Trial", trial.trial_id + (f" ({trial.nct_id})" if trial.nct_id and trial.nct_id != trial.trial_id else "")),
        ("Status", trial.status or "not given"),
        ("Phase", trial.phase or "not given"),
        ("Enrollment", str(trial.enrollment) if trial.enrollment is not None else "not given"),
        ("Ages", _age_range(trial)),
        ("Sex", trial.sex or "not given"),
        ("Sponsor", trial.lead_sponsor or "not given"),
        ("Conditions", ", ".join(trial.conditions) or "not given"),
    ]
    lines += [f"  {k:<11} {v}" for k, v in facts]
    for loc in trial.locations[:5]:
        place = ", ".join(p for p in (loc.facility, loc.city, loc.country) if p)
        lines.append(f"  {'Site':<11} {place}" + (f" ({loc.status})" if loc.status else ""))
    for contact in trial.contacts[:3]:
        bits = ", ".join(p for p in (contact.name, contact.phone, contact.email) if p)
        lines.append(f"  {'Contact':<11} {bits}")
    return strip_controls("\n".join(lines))


def _check_words(node: CriterionNode) -> str:
    if not node.checks:
        return " [any of the parts below]" if node.logic == "any" and len(node.children) > 1 else ""
    joiner = " or " if node.logic == "any" else "; "
    words = joiner.join(c.describe() + ("*" if c.inferred else "") for c in node.checks)
    if node.children and node.kind == "criterion":
        words += " or any part below" if node.logic == "any" else "; and every part below"
    return f" [{words}]"


def _read_in_part(node: CriterionNode, pad: str, width: int) -> list[str]:
    """When a criterion applies, and the clauses of its text no check reads (for a person)."""
    out = []
    if node.condition is not None:
        words = textwrap.shorten(" ".join(node.condition.text.split()), width=max(30, width - len(pad) - 14),
                                 placeholder="…")
        # ("unless X": the condition holds X's checks denied; its words are X's, model/condition_words.py)
        out.append(f"{pad}{condition_label(node)}: {words}{_check_words(node.condition)}")
    for clause in node.unread:
        words = textwrap.shorten(" ".join(clause.split()), width=max(30, width - len(pad) - 10), placeholder="…")
        out.append(f"{pad}{'or ' if node.logic == 'any' else 'and '}not read: {words} (for a person to judge)")
    return out


def _inferred(node: CriterionNode) -> bool:
    """Whether a check of node, of its condition or of a part below carries an inferred comparator."""
    return any(c.inferred for c in node.checks) or any(
        _inferred(n) for n in (*node.children, *([node.condition] if node.condition is not None else ())))


def tree_text(tree: CriteriaTree, width: int = 100) -> str:
    lines: list[str] = []

    def walk(node: CriterionNode, depth: int) -> None:
        pad = "  " * depth
        if node.kind == "section":
            lines.append(f"{node.text.upper() or node.id}")
        elif node.kind in ("all", "any"):
            lines.append(f"{pad}{'all of' if node.kind == 'all' else 'any of'}:{_check_words(node)}")
        else:
            tag = " (for a person to judge)" if node.manual and not node.checks else ""
            head = f"{pad}{node.id}  "
            body = textwrap.shorten(" ".join(node.text.split()), width=max(30, width - len(head)),
                                    placeholder="…")
            lines.append(f"{head}{body}{tag}{_check_words(node)}")
            lines.extend(_read_in_part(node, pad + " " * len(head), width))
        for child in node.children:
            walk(child, depth + 1)

    for section in tree.sections:
        walk(section, 0)
    if any(_inferred(section) for section in tree.sections):
        # the key to the "*" a check carries; said only where one does
        lines.append("(* comparator inferred: the source lost its ≥ or ≤)")
    return strip_controls("\n".join(lines))


def match_text(result: MatchResult) -> str:
    """A trial's verdict, then what is against the patient and what is still open, in the
    effect words of the TUI and the worksheet (`model.matching.effect`)."""
    icon = VERDICT_ICON[result.verdict]
    title = result.title
    if len(title) > 60 or " ".join(title.split()) != title:     # textwrap is slow: most titles fit
        title = textwrap.shorten(title, 60, placeholder="…")
    head = f"{icon} {result.verdict:<10} {result.trial_id:<14} {title}"
    lines = [head]
    against = f"{EFFECT_ICON['against']} {EFFECT_WORD['against']}"
    for blocker in result.blockers:
        lines.append(f"    {against}: {blocker.node_id}: {blocker.reason}")
    for question in result.open[:5]:
        if question.needs:
            lines.append(f"    {EFFECT_ICON['open']} {EFFECT_WORD['open']}: {question.node_id}: "
                         f"needs {', '.join(question.needs)}")
        else:
            lines.append(f"    {EFFECT_ICON['for_a_person']} {EFFECT_WORD['for_a_person']}: "
                         f"{question.node_id}: needs a person's judgement")
    if len(result.open) > 5:
        lines.append(f"    … {len(result.open) - 5} more open")
    return strip_controls("\n".join(lines))


def legend() -> str:
    """The one line that says what the icons mean (printed once after text output)."""
    return LEGEND
