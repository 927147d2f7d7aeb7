""""Malignant" that names no cancer (audit 9, fault 8).

"Known diagnosis of moderate or malignant retinopathy" (Chia NCT03231982), "Genetic malignant
hyperthermia" (NCT03336801), "a history of seizures, neuroleptic malignant syndrome, ..."
(NCT03376763): a malignant hypertension, retinopathy or hyperthermia, a neuroleptic malignant
syndrome, a malignant arrhythmia is no malignancy, and "malignancy: no" says nothing of them.
Such a mention reads no check; its words stay for a person.

Asked only of a malignancy hit that starts "malign" (the caller's gate).
"""

from __future__ import annotations

import re

# the conditions "malignant" qualifies that are no neoplasm, just after it ("moderate or
# malignant retinopathy": also after "or" / "and" from an adjective's list)
_NOT_NEOPLASM_AFTER = re.compile(
    r"\s+(?:(?:or|and|and/or)\s+\w+\s+)?(?:(?:essential|arterial|ventricular|cerebral|middle\s+cerebral\s+artery|MCA)\s+)?"
    r"(?:hypertensi\w*|hyperthermia|retinopath\w*|syndrome|arrh?ythmi\w*|tachyarrh?ythmi\w*|otitis|nephrosclerosis|"
    r"catatonia|infarct\w*|o?edema|syncope|vasovagal|multiple\s+sclerosis|hyperpyrexia)\b", re.I)
_NEUROLEPTIC_BEFORE = re.compile(r"\bneuroleptic\s+$", re.I)


def not_a_neoplasm(s: str, start: int, end: int) -> bool:
    """Whether "malignant" at s[start:end] qualifies a condition that is no cancer."""
    return bool(_NOT_NEOPLASM_AFTER.match(s, end)) or bool(_NEUROLEPTIC_BEFORE.search(s, max(0, start - 12), start))
