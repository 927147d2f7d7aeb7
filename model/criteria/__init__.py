"""Eligibility text -> criteria tree (see tree.py for the node shapes, parse.py for the parser).

The parser is imported when first used: the app and `trialview match` read trees parsed at
import time and never need it (its phrase tables are a good part of a cold start).
"""

from typing import Any

from trialview.model.criteria.tree import PARSER_VERSION, Check, CriteriaTree, CriterionNode

__all__ = ["PARSER_VERSION", "Check", "CriteriaTree", "CriterionNode", "parse_criteria", "parse_eligibility",
           "parse_section", "parse_trial"]

_PARSER = ("parse_criteria", "parse_eligibility", "parse_section", "parse_trial")


def __getattr__(name: str) -> Any:
    if name in _PARSER:
        from trialview.model.criteria import parse

        return getattr(parse, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
