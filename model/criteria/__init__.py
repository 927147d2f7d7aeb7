"""Eligibility text -> criteria tree (see tree.py for the node shapes, parse.py for the parser)."""

from model.criteria.parse import parse_criteria, parse_eligibility, parse_section
from model.criteria.tree import PARSER_VERSION, Check, CriteriaTree, CriterionNode

__all__ = ["PARSER_VERSION", "Check", "CriteriaTree", "CriterionNode", "parse_criteria", "parse_eligibility",
           "parse_section"]
