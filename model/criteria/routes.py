"""A therapy given where it acts, not through the body: into or onto an eye, the skin, a joint, the
airways. The panel's therapies are the drugs a patient takes (prednisone, mycophenolate): a
clause that names a drug by a local route speaks of another use of it.

"Previous treatment with anti-VEGF drugs or corticosteroid or grid laser photocoagulation (study
eye)" (Chia NCT02478515 exc-1, an ophthalmology trial) means steroids injected into or dropped on
the eye; read as "received glucocorticoids" it excluded a patient on oral prednisone. Such a
clause is left to a person, unless it names a systemic route as well ("corticosteroids (topical
or systemic)"), where the drug taken through the body is one of what it counts.
"""

from __future__ import annotations

import re

# an eye named as where the clause's therapies went ("(study eye)", "in the fellow eye",
# "intravitreal"): it holds for every therapy of the clause
_EYE_RX = re.compile(
    r"\b(?:study\s+eyes?|fellow\s+eyes?|(?:in|into|to|of)\s+(?:the|either|both|one|each)\s+eyes?|eye\s*drops?|"
    r"intra-?vitreal(?:ly)?|intra-?ocular(?:ly)?|peri-?ocular(?:ly)?|ophthalmic|sub-?tenon'?s?|retrobulbar|"
    r"sub-?conjunctival(?:ly)?)\b", re.I)
# a local route named with the therapy ("topical corticosteroids", "inhaled or intranasal
# steroids", "corticosteroid creams"): it holds for that therapy only ("immunosuppressive therapy
# (with the exception of topical corticosteroids)", Chia NCT02370069: the immunosuppressants are
# still read)
_ROUTE = (r"(?:topical(?:ly)?|inhaled|inhalational|intra-?articular|intra-?nasal|nasal|intra-?lesional|epidural|"
          r"dermal|cutaneous|intra-?vitreal|intra-?ocular|peri-?ocular|ophthalmic|sub-?tenon'?s?|"
          r"sub-?conjunctival|local(?:ly)?)")
_ROUTE_BEFORE = re.compile(r"\b" + _ROUTE + r"(?:\s*(?:,|/|\bor\b|\band\b|\band/or\b)\s*" + _ROUTE + r")*"
                           r"(?:\s+(?:use|administration|application|forms?)\s+of)?\s+$", re.I)
_ROUTE_AFTER = re.compile(r"(?:\s+|\s*\(\s*)(?:eye\s*drops?|creams?|ointments?|gels?|inhalers?|nasal\s+sprays?|"
                          + _ROUTE + r"\s*(?:\)|only\b))", re.I)
_SYSTEMIC_RX = re.compile(
    r"\b(?:systemic(?:ally)?|oral(?:ly)?|intravenous(?:ly)?|i\.?v\.?|parenteral(?:ly)?|intramuscular(?:ly)?|"
    r"subcutaneous(?:ly)?|by\s+mouth|tablets?)\b", re.I)


def may_name_local(low: str) -> bool:
    """Whether a lower-cased text may name a local route (plain substring tests of their words)."""
    return ("eye" in low or "vitre" in low or "ocul" in low or "ophth" in low or "tenon" in low or "bulbar" in low
            or "conjunctiv" in low or "topical" in low or "inhal" in low or "articular" in low or "nasal" in low
            or "lesional" in low or "epidural" in low or "dermal" in low or "cutaneous" in low or "local" in low)


def local_only(s: str, a: int, b: int, start: int, end: int) -> bool:
    """Whether the therapy named at s[start:end], in the clause s[a:b], is one given locally:
    its clause names an eye it went to, or a local route stands beside its name; and the clause
    names no systemic route (the caller tests may_name_local on the text first)."""
    local = _EYE_RX.search(s, a, b) is not None or _ROUTE_BEFORE.search(s, max(a, start - 60), start) is not None \
        or _ROUTE_AFTER.match(s, end, b) is not None
    return local and _SYSTEMIC_RX.search(s, a, b) is None
