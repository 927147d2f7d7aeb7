"""The parser tries two regexes only where they can match (parse._labels, lists.denies_list): the labels of labelled parts
("Bone marrow function: ... Liver function: ...") only at the start and just after a ".", ";"
or ":", and a denied lead-in ("No concurrent illness including any of the following:") only on a
text whose one colon ends it. The matches must be the plain scan's, no more and no fewer: a label
missed would leave a part read as one criterion, a lead-in missed its items read as requirements."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.speedup_helpers import LINES
from trialview.model.criteria import lists, parse


def _labels_alike(text: str) -> bool:
    spans = [(m.span(), m.span(1)) for m in parse._labels(text)]
    return spans == [(m.span(), m.span(1)) for m in parse._LABEL_RX.finditer(text)]


def _denied_alike(text: str) -> bool:
    return lists.denies_list(text) == (lists._DENIED_LEAD.match(text) is not None)


def test_labels_and_denied_leads_as_the_plain_scan_finds_them_on_every_real_line() -> None:
    assert [ln for ln in LINES if not _labels_alike(ln)][:3] == []
    assert [ln for ln in LINES if not _denied_alike(ln)][:3] == []
    # (the real lines hold both: the test is not empty)
    assert sum(1 for ln in LINES if parse._labels(ln)) > 10
    assert sum(1 for ln in LINES if ln.rstrip().endswith(":") and ln.count(":") == 1) > 3


def test_labelled_parts_are_found_after_each_mark() -> None:
    text = "Adequate organ function:Bone marrow function: ANC >= 1.5. Liver function: ALT < 3 x ULN;Renal: ok"
    assert [m.group(1) for m in parse._labels(text)] == ["Adequate organ function", "Bone marrow function",
                                                         "Liver function", "Renal"]
    assert lists.denies_list("No concurrent uncontrolled illness including, but not limited to, any of the following: ")
    assert not lists.denies_list("No concurrent illness: see below. Other: none")


_PIECES = ["Bone", "marrow", "function", "Liver", "Renal", "no", "No", "none of", "without", "free of", "the",
           "following", ":", ": ", ":1", ".", ". ", ";", "; ", " ", "  ", "\n", "\t", ",", "ANC", "x", "É", "a"]


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_labels_and_denied_leads_as_the_plain_scan_finds_them_on_generated_text(pieces: list[str]) -> None:
    for text in ("".join(pieces), " ".join(pieces)):
        assert _labels_alike(text), text
        assert _denied_alike(text), text
