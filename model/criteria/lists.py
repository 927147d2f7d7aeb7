"""A list's lead-in that changes how its items read: one that denies the list it opens ("No
concurrent uncontrolled illness including, but not limited to, any of the following:"), and an
inclusion's "one of the following applies:" over the last few items. parse.py settles a
section's criteria, and each criterion's items, through `after_denied_leads`.
"""

from __future__ import annotations

import re

from trialview.model.criteria.checks import list_any
from trialview.model.criteria.tree import CriterionNode

# an item that denies a list it opens ("No concurrent uncontrolled illness including, but not
# limited to, any of the following:")
_DENIED_LEAD = re.compile(r"\s*(?:no|none\s+of|not|without|must\s+not|absence\s+of|free\s+of)\b[^:]*:\s*$", re.I)


def denies_list(text: str) -> bool:
    """Whether _DENIED_LEAD matches text: only a text whose one colon ends it (but for white space)
    can match, and the regex is tried on those only (its case-blind [^:]* read, then gave back
    character by character, every criterion with children, a fifth of the parser's own regex time)."""
    end = len(text.rstrip()) - 1
    return end >= 0 and text.find(":") == end and _DENIED_LEAD.match(text) is not None


_SHORT_TAIL = 3     # the most items an un-nested "one of the following" may offer as the list's last


def after_denied_leads(nodes: list[CriterionNode]) -> None:
    """A denied lead-in whose items are not nested under it (a record that lost its indents
    lists "Ongoing or active infection", "Symptomatic congestive heart failure" beside it): which
    of the items after it it denies cannot be told, so they are left to a person, each of them
    to the end of the list, rather than read as requirements."""
    for k, node in enumerate(nodes):
        if node.children:
            if denies_list(node.text):
                # the same items nested under it (the record kept its indents): what the patient
                # must not have, read as requirements they would fail a patient free of them
                left_to_a_person(node.children)
            else:
                after_denied_leads(node.children)
        elif not node.text.rstrip().endswith(":"):
            continue        # (most items: both cases below need a text that ends with ":")
        elif denies_list(node.text):
            left_to_a_person(nodes[k + 1:])
            return
        elif node.section == "inclusion" and node.text.rstrip().endswith(":") and list_any(node.text) and \
                k + 1 < len(nodes) <= k + 1 + _SHORT_TAIL and nodes[k + 1].kind == "criterion":
            # "For females, is not pregnant or breastfeeding AND one of the following applies:"
            # with "Is not a woman of childbearing potential (WOCBP)" and "Is a WOCBP and uses
            # highly effective contraception ..." after it, the list's last items (NCT05382364,
            # its indents lost): alternatives, each read as a requirement would fail a patient who
            # meets another, so they are left to a person. Where more items follow, where the
            # alternatives end cannot be told ("Have one of the following disease histories:"
            # over five histories, then "ANC > 1000/mcl ..."): they are read as before. (Not the
            # items' own "any" group: those were nested.)
            left_to_a_person(nodes[k + 1:])
            return


def left_to_a_person(nodes: list[CriterionNode]) -> None:
    for later in nodes:
        later.checks, later.children, later.unread, later.condition = [], [], [], None
        later.manual = True
