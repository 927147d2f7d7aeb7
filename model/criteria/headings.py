"""The organs a heading or a "defined as" names, and whether the checks read each (audit 14).

"The patient has no major impairment of renal or hepatic function, as defined by the following
laboratory parameters: total bilirubin <1.5 X ULN; AST, ALT <2.5 X ULN": the limits define the
liver's function; nothing reads the kidneys', so a patient on dialysis with a normal liver met it.
The words a heading or a definition's head share with its checks are read with them
(unread._read_with), except an organ they name that no check reads: its word stays unread, for a
person.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# an organ's words and the variables that read it
_ORGANS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"\b(?:renal|kidneys?)\b", re.I),
     frozenset({"creatinine", "egfr", "crcl", "upcr", "urine_protein_24h", "end_stage_renal_disease"})),
    (re.compile(r"\b(?:hepatic|liver)\b", re.I), frozenset({"alt", "ast", "total_bilirubin", "albumin", "inr"})),
    (re.compile(r"\b(?:bone\s+marrow|h(?:a)?ematolog\w*|h(?:a)?ematopoietic)\b", re.I),
     frozenset({"anc", "alc", "wbc", "hemoglobin", "platelets"})),
    (re.compile(r"\b(?:cardiac|heart)\b", re.I), frozenset({"lvef", "nyha_class", "severe_cardiac_disease"})),
    (re.compile(r"\bcoagulation\b", re.I), frozenset({"inr", "pt", "aptt"})),
)


def _may_name_organ(low: str) -> bool:
    return "ren" in low or "kidney" in low or "hepat" in low or "liver" in low or "marrow" in low \
        or "ematol" in low or "ematop" in low or "cardi" in low or "heart" in low or "coagul" in low


def read_but_organs(text: str, span: tuple[int, int], read: Collection[str],
                    holes_out: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """span of text, less the words of each organ named in it that none of the variables `read`
    reads (the pieces left, in order; the organs' spans are added to holes_out)."""
    a, b = span
    if not _may_name_organ(text[a:b].lower()):
        return [span]
    holes = sorted(m.span() for words, variables in _ORGANS if variables.isdisjoint(read)
                   for m in words.finditer(text, a, b))
    holes_out.extend(holes)
    out = []
    for x, y in holes:
        if x > a:
            out.append((a, x))
        a = max(a, y)
    if a < b:
        out.append((a, b))
    return out
