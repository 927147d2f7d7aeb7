"""A marker's result inside a diagnosis is no denial of it (audit 9, fault 5).

"Metastatic invasive hormone receptor positive and HER2 negative breast cancer" (Chia
NCT03355157) requires a breast cancer: "negative" says what HER2 is, not that there is no cancer.
It was read as "malignancy: no", and the trial failed its own patients. A "negative" (or
"-negative") just after a tumour marker or receptor ("HER2", "ER", "hormone receptor",
"triple", "EGFR", "ALK", "PD-L1") qualifies that marker: it denies no mention after it ("HER2
negative breast cancer") nor the one before it ("breast cancer, HER2-negative").

Asked only when a denial was found and its words hold "negat" (clauses.TextIndex.negated).
"""

from __future__ import annotations

import re

# the markers whose result a diagnosis carries, as the last words before "negative"
_MARKER = (r"(?:HER-?2(?:/neu)?|ERBB2|ER|PR|PgR|HR|ER/PR|(?:hormone|estrogen|oestrogen|progesterone)[- ]receptors?|"
           r"receptors?|EGFR|ALK|ROS-?1|KRAS|NRAS|BRAF|PD-?L1|BRCA[12]?|MSI|MMR|c-?KIT|triple|double|Ph|"
           r"Philadelphia(?:\s+chromosome)?)")
# a marker, then "negative" (the word a denial opens with, at `at`)
_MARKER_BEFORE = re.compile(r"(?<![\w-])" + _MARKER + r"\s*[-/]?\s*$", re.I)


def marker_result(s: str, at: int) -> bool:
    """Whether the "negative" at s[at:] is a tumour marker's result (a marker just before it)."""
    return bool(_MARKER_BEFORE.search(s, max(0, at - 40), at))
