"""Audit 9 (session 11, issue 11), fault 12: Chia NCT03256864's exclusion "History of malignancy
of any organ system (other than localized basal cell carcinoma of the skin), treated or untreated,
within the past 5 years, ...". The exception was read on the criterion only; the sub-criterion
whose own text is "malignancy of any organ system (other than localized basal cell carcinoma of the
skin), treated or untreated" said "met" on "malignancy: yes" for a patient whose cancer the panel
does not name. Whether it is a localized basal cell carcinoma only a person can tell: no node
whose text holds the exception may call it met.
"""

from __future__ import annotations

from typing import Any

from tests.corpora import chia_line
from tests.unit.match_helpers import node_results




def results(text: str, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    return node_results(text, "exclusion", values)


WOMAN = {"age": 62, "sex": "female", "malignancy_history": {"value": True, "date": "2024-11-15"}}
AUDITED = (chia_line("NCT03256864_exc.txt", "History of malignancy of any organ system"),
           "other than localized basal cell carcinoma")
# the same class: the exception inside a part of the criterion that a group of its own reads
OTHER = ("Any malignancy of any organ system (other than localized squamous cell carcinoma of the skin), treated or "
         "untreated, within the past 3 years", "other than localized squamous cell carcinoma")


def test_no_node_whose_text_names_the_exception_excludes_on_a_malignancy_alone():
    for text, exception in (AUDITED, OTHER):
        got = results(text, WOMAN)
        assert got[0][1] != "met", text
        named = [(words, status, reason) for words, status, reason in got if exception in words]
        assert len(named) >= 2, named         # the criterion and the part that reads the malignancy
        for words, status, reason in named:
            assert status != "met", (words, reason)
            assert "unless an exception applies" in reason and exception in reason, (words, reason)
