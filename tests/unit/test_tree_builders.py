"""The parser's own builders of nodes and checks (tree.criterion, tree.check) skip pydantic's
validation for speed: what they make must be what the validated constructor makes (the same
fields in the same order, the same fields-set, the same JSON, equal), or a stored tree, a
printed tree or a match would differ from one built the slow way."""

from __future__ import annotations

from typing import Any

from trialview.model.criteria.tree import Check, CriterionNode, check, criterion, for_a_person


def _alike(made: Any, validated: Any) -> None:
    assert type(made) is type(validated)
    assert list(made.__dict__.items()) == list(validated.__dict__.items())
    assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert made.__pydantic_extra__ == validated.__pydantic_extra__
    assert made.__pydantic_private__ == validated.__pydantic_private__
    assert made == validated
    assert made.model_dump_json() == validated.model_dump_json()


def test_criterion_makes_the_node_the_constructor_makes() -> None:
    for kind, section in (("criterion", "inclusion"), ("any", "exclusion"), ("section", None)):
        made = criterion("inc-3.1", kind, "Hemoglobin >= 9 g/dL", section)
        _alike(made, CriterionNode(id="inc-3.1", kind=kind, text="Hemoglobin >= 9 g/dL", section=section))
    # each node has lists of its own
    a, b = criterion("a", "criterion", "x", None), criterion("b", "criterion", "y", None)
    a.checks.append(check("sex", "==", "female", (0, 1)))
    a.children.append(b)
    a.unread.append("z")
    a.exceptions.append("w")
    assert b.checks == [] and b.children == [] and b.unread == [] and b.exceptions == []


def test_for_a_person_makes_a_manual_node() -> None:
    _alike(for_a_person("exc-2.1", "unless clinically stable", "exclusion"),
           CriterionNode(id="exc-2.1", kind="criterion", text="unless clinically stable", section="exclusion", manual=True))


def test_check_makes_the_check_the_constructor_makes() -> None:
    for variable, value in (("sex", "female"), ("sex", "male"), ("childbearing_potential", True),
                            ("childbearing_potential", False)):
        _alike(check(variable, "==", value, (4, 9)), Check(variable=variable, op="==", value=value, span=(4, 9)))
    # a bool stays a bool (not 1), as validation keeps it
    assert check("childbearing_potential", "==", True, (0, 1)).model_dump()["value"] is True
