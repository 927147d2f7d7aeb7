"""Shared by the tests of the parser's quicker scans (tests/unit/test_criteria_speedups.py,
test_criteria_quick_scans.py): every real criteria line we hold, and words in some case with the
non-ASCII letters that fold onto ASCII ones."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.corpora import JSON_DIR, SEEDS, chia_criteria_lines


def variants(word: str) -> st.SearchStrategy[str]:
    """A word in some case, a letter perhaps swapped for a non-ASCII one that folds onto it."""
    folds = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}

    @st.composite
    def build(draw: st.DrawFn) -> str:
        out = []
        for ch in word:
            choice = draw(st.integers(0, 3))
            if choice == 1:
                ch = ch.upper()
            elif choice == 2 and ch.lower() in folds:
                ch = draw(st.sampled_from(folds[ch.lower()]))
            out.append(ch)
        return "".join(out)

    return build()


def real_lines() -> list[str]:
    lines = chia_criteria_lines("inc") + chia_criteria_lines("exc")
    for path in [*sorted(SEEDS.glob("*.txt")), *sorted(JSON_DIR.glob("*.json"))]:
        lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines


LINES = real_lines()
