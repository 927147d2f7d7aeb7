"""Eligibility text -> criteria tree (see tree.py for the node shapes)."""

from model.criteria.tree import PARSER_VERSION, Check, CriteriaTree, CriterionNode

__all__ = ["PARSER_VERSION", "Check", "CriteriaTree", "CriterionNode"]
