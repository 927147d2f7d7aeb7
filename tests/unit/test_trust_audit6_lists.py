"""A careful screener's audit, sixth round (session 10, issue 11): a list "A, B, or C" whose last
item no check reads is still a list of alternatives, on the real wording of a Chia tuning record.
"""

from __future__ import annotations

from tests.unit.test_trust_audit6 import chia_line, one


def test_a_list_ending_in_an_unread_or_item_offers_alternatives():
    # Chia NCT01742117 inc-17 "Patient is pregnant, lactating, or planning to become pregnant
    # within 12 months": a woman who is neither pregnant nor breastfeeding was ✗ ("pregnant: no,
    # yes required"), read as "pregnant and (lactating or planning ...)"; whether she plans a
    # pregnancy is not on the panel
    text = chia_line("NCT01742117_inc.txt", "Patient is pregnant, lactating, or planning")
    woman = {"values": {"age": 34, "sex": "female", "pregnant": False, "lactating": False}}
    assert one(text, "inclusion", woman)[0] != "not_met"
    # breastfeeding alone meets it
    assert one(text, "inclusion", {"values": {"age": 34, "sex": "female", "pregnant": False, "lactating": True}})[0] \
        == "met"
