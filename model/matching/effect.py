"""What a criterion's status means for the patient, in one word and one icon.

A status reports whether the criterion's text holds ("met"); what a clinician needs to see is
whether that counts for or against the patient: an exclusion that is met is against them. Every
rendering (the TUI's tree, detail and list, the CLI's text, the worksheet) says the same four
words with the same four icons, and the icons read without colour. The JSON statuses stay as
they are (a contract); these words are for people.
"""

from __future__ import annotations

from typing import Literal

Effect = Literal["in_favour", "against", "open", "for_a_person"]

EFFECT_WORD: dict[Effect, str] = {
    "in_favour": "in favour",
    "against": "against",
    "open": "open",
    "for_a_person": "for a person",
}
# One glyph each, all distinct in shape, so a screen without colour (NO_COLOR, a printout) reads.
EFFECT_ICON: dict[Effect, str] = {
    "in_favour": "✓",
    "against": "✗",
    "open": "?",
    "for_a_person": "☐",
}
# The legend printed once by the help screen, the CLI and the worksheet.
LEGEND = "✓ in favour   ✗ against   ? open (data missing)   ☐ for a person to judge"


def effect_of(section: str | None, status: str) -> Effect:
    """The effect on the patient of a node's `status` ("met", "not_met", "unknown", "manual")
    within its `section` ("inclusion" or "exclusion"; a section node takes its own name)."""
    if status == "manual":
        return "for_a_person"
    if status not in ("met", "not_met"):
        return "open"
    holds = status == "met"
    if section == "exclusion":
        return "against" if holds else "in_favour"
    return "in_favour" if holds else "against"


def effect_label(section: str | None, status: str) -> str:
    """Icon and word: "✗ against"."""
    effect = effect_of(section, status)
    return f"{EFFECT_ICON[effect]} {EFFECT_WORD[effect]}"


def what_holds(section: str | None, status: str) -> str:
    """What the machine found about the text itself, for the detail and the worksheet: "met" /
    "not met", in either section (a clinician's "meets an exclusion criterion"). Not "does not
    apply" for an exclusion not met: cli.md keeps those words for a criterion whose condition
    leaves this patient out ("does not apply: sex: male"), and an auditor read the worksheet's
    "in favour (does not apply)" beside "Pregnant or breastfeeding women" as that."""
    if status == "manual":
        return "a person decides"
    if status not in ("met", "not_met"):
        return "not known yet"
    return "met" if status == "met" else "not met"
