"""The raw check record: a check read from a criterion's text, before its and/or shape.

(The clause helpers every reader shares live in clauses.py.)
"""

from __future__ import annotations

from dataclasses import dataclass

from trialview.model.criteria.tree import Check


@dataclass
class Raw:
    """A check read from a criterion's text, before the and/or shape is given to it."""

    check: Check | None               # None: a clause only a person can judge (`manual` holds its text)
    core: tuple[int, int]
    join: str | None = None          # forced connector to the previous check ("or"; "with": an "and" binding first)
    manual: str | None = None
    # a window read apart from the check's own words, with words of their own between ("rituximab
    # or zzz within six months"): what the check reads besides its span
    window: tuple[int, int] | None = None
