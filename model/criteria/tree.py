"""The criteria tree: sections -> all/any groups -> criteria, each with the checks read from it.

The JSON shape of a node is a public contract (shared/design/cli.md):
`{"id", "kind", "text", "checks": [...], "children": [...]}`.
"""

from __future__ import annotations

from typing import Any, Literal
from collections.abc import Iterator

from pydantic import BaseModel, Field, PrivateAttr

Op = Literal[">=", ">", "<=", "<", "==", "!=", "in", "within"]
Kind = Literal["section", "all", "any", "criterion"]
SectionName = Literal["inclusion", "exclusion"]
Logic = Literal["all", "any"]

# 2: numbers and units (parse-numbers); 3: coverage (`unread`), conditions, lead-ins, the
# registry criterion, empty records (parse-structure); 4: "B cell depletion" read as
# b_cell_depleting, not b_cell_targeted (matcher); 5: the trust audit's rules (an exception
# clause never decides against the patient, "not A or B" is neither, "non-" denies its own word,
# a dipstick grade is no quantity, a test or a therapy named is not the state, a bare " if "); 6: a
# sentence on who is tested ("HCV RNA testing is not required in ...") is no condition; 7: lists
# kept nested (indentation); 8: labs listed before one inclusion limit must each meet it, a
# pregnancy test's words are not read by a check of breastfeeding; 10-11: audit 5 (women of
# childbearing potential named anywhere scope their sentence, "fertile" / "reproductive
# potential", ages in words, a plain hypersensitivity is no severe allergy, a partner's or a
# tested-for infection is not the patient's, "pregnant and breastfeeding" excludes either); 12: an
# INR limit in x ULN stays a multiple of the lab's ULN; 13: audit 6 (a note or later sentence for
# "Patients with X must ..." is for them only; an exclusion whose every alternative speaks of women
# excludes no man; a drug for the study eye or with a local route beside it is not the drug taken;
# a pregnancy planned, past or a time of one is none today, a nursing home no breastfeeding; a
# gestational age no age of the patient's; limits given per sex; "A, B, or <unread>" a list of
# alternatives; an exclusion's unread group of people one more way to be excluded); and audit 8's
# (a viral load under a ceiling is no positivity, "A and either B or C", a disease's drugs are no
# state of it, another growth factor than G-CSF, a measured clearance, a lab's second limit for
# some patients; a cell count whose power of ten was lost): one version, as no release wrote 13
# before them; 14: audit 9's rules (trust9: a therapy "currently" received is one taken at as_of,
# a "chronic use" of it is for a person; a TB test's name is no result, "active TB" or a current
# malignancy is narrower than the panel's value; "HER2 negative breast cancer" is a cancer,
# "malignant retinopathy" none; two lost comparators never make an empty range; trust10: each lab
# and drug of a list read or left open, exceptions spread to sub-groups, cohort limits, relative
# clauses) and trust8's readings (ECOG and Karnofsky performance status, numbered items on one
# line, a sex named with an age, HCV / HBV viremia): one version, as no release wrote 14 before them;
# 15: audit 10's rules (a therapy taken "concurrently", "concomitantly" or "ongoing" is one taken
# at as_of; a requirement written among the exclusions is negated, required.py; the items after a
# lead-in of alternatives whose list lost its indentation are under a condition for a person,
# flat_alternatives.py; trust11: "immunosuppressive therapy" is its own, broader class than the
# noun "immunosuppressants", and a class check notes what it counts for a person; exceptions
# listed after a criterion and people an exclusion says are eligible are its exceptions,
# exception_tail.py; an exclusion's unread "and other ..." item, or an "or ..." clause after a
# windowed check, is another way to be excluded; an inclusion's conditional cases joined by "or"
# are alternatives; trust12: a class's "counts:" note names the common biologics the vocabulary
# knows; word forms (bodyweight, immunodeficiencies, live ... vaccine); a lost "=" before an age;
# "when signing the consent" no condition; a therapy needed or planned in the future is none received;
# in a trial whose inclusions require a malignancy, an excluded malignancy is another one, narrowed.py;
# audit 11: "any / an investigational agent" is another clinical trial, "prior to visit 1" a window's
# anchor, "must be excluded" no requirement, and "within N days or 5 half-lives, whichever is
# shorter" for a person; the TNF inhibitors a class; a failure of a therapy no exposure to it; a
# list's bare item numbers are labels; "before first dose" a window's anchor; "within recent N weeks";
# "BMI in the range of 18 ~ 28"; an infection's words companions of its own checks only; AIDS antibodies
# the HIV test; the kinds an infection "includes" more ways to be excluded; "is participating in" a trial
# now; a trial drug qualified, or "whichever is shorter" anywhere after, for a person; a range per sex,
# and one sex's limit in a bracket after the plain one, each sex's own);
# 16: "years" an age's word ("in recent years" no "ever"); "severe cardiac or renal disease" reads
# the heart, the other organs for a person; "No A or B" denies an unread B too (neither); a kind
# of malignancy ("breast cancer") or one organ's transplant narrower than the panel's value; a
# transplant to come (a waiting list, a need for one) none received; "no history of" a denial, a
# qualifier inside one narrows what is denied; "no more than" no denial; "HIV-1 RNA" a viral load;
# audit 12: ") or" opens an alternative; a therapy in a concession ("even if receiving") no exposure;
# a count's abnormality beside its limit read with it; "or liver disease" after a lab another way;
# the words between a drug and its window, not filler nor names, unread; "topical or systemic" filler;
# "if persistent", "if confirmed" no condition; an inclusion's lone lost "=" of a variable trials ask
# both ways (HbA1c, blood pressure, LVEF, proteinuria, NYHA) carries numbers.GUESSED; "measured twice"
# after an or-list of limits holds for each; "in this pregnancy" no pregnancy check; "or treated" last
# another way; a window after a denied clause of its own ("with no active treatment in the last
# year") is not the state's before it; a state named as a cause ("due to ... HIV") no check; "are not
# considered ..." an exception; "years-old" an age's unit; "=18 to =65 years" a range; review 14:
# "not considered" an exception in a note only; a window cut only by "with no ..."; "malignant
# <...oma>" a kind; a denied kind narrower too; "No X or treated X" an allowance; ", if confirmed"
# a qualifier; a cause named a narrower check; "no more than one" a count; "human immunodeficiency
# virus RNA" a viral load; a dose no cut between a drug and its window; audit 13: "history of" TB or
# infection asks about any past one (narrowed.EVER); "in the list of" a transplant to come; "NYHA
# class II-III" both ends, "and above" a lower limit, "grade III or grade IV"; "not suffering from"
# a denial (60 characters looked back); "(..., confirmed on a second day)" a qualifier; "current X or
# other malignant ..." both current; "pre-malignant" no malignancy; "transaminases" ALT and AST
# 17: a window written in months or years keeps its months (Check.months: counted by the calendar)
# 18: audit 15 (a requirement among the exclusions turned round whole, a study part's bare label,
# "no history of the following:" denies its list, "Active infection" / "clinically significant"
# broader than the panel's value, a kind of infection, "unstable" / "recent" / anaphylaxis
# narrower, "suspected", Cockcroft-Gault a clearance, "undergoing" a transplant to come)
PARSER_VERSION = 19


class Check(BaseModel):
    """One machine-checkable condition, stated as the text words it (never flipped).

    - numbers: `value` is in the variable's canonical unit (vocabulary), `unit` names that unit;
    - booleans / words: `op` "==" or "!=" with True/False or a word ("positive");
    - therapies: `variable` is a drug or drug class id; `op` "within" with `value` in days means
      "received within that many days before as_of"; `op` ">=" with `unit` "drugs" counts distinct
      drugs of that class ever received; `op` "==" True means "ever received";
    - `window_days`: the condition must hold within that many days before as_of ("in the last 6
      months"); `inferred`: the comparator was lost in the source ("Hb = 85 g/L") and inferred;
    - `months`: the window (a "within" check's `value`, or `window_days`) was written in months or
      years: the matcher counts it by the calendar back from as_of ("within 3 months" of 1 December
      reaches back to 1 September, 91 days); its days say 30 a month, 365 a year. Left out of the
      JSON unless set;
    - `negated`: the text requires the condition NOT to hold ("no use of growth factors within 7
      days", "without colony-stimulating factor therapy within 2 weeks"): the check's truth is
      inverted, unknown stays unknown. Left out of the JSON unless set.
    """

    variable: str
    op: Op
    value: float | int | bool | str | list[str] | None = None
    unit: str | None = None
    inferred: bool = False
    window_days: float | None = None
    months: int | None = None
    span: tuple[int, int] | None = None
    note: str | None = None
    negated: bool | None = None

    def describe(self) -> str:
        value = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        unit = f" {self.unit}" if self.unit else ""
        if self.op == "within" and self.months:
            value, unit = self.months, " months"        # as the text wrote it: by the calendar
        # (within 0 days: taken at the screening date, "Currently receiving ...", current_use.py)
        text = f"{self.variable} current" if self.op == "within" and value == 0 else \
            f"{self.variable} {self.op} {value}{unit}"
        return f"not ({text})" if self.negated else text


class CriterionNode(BaseModel):
    """A node of the tree. A `criterion` holds one line of the trial's text.

    How a criterion's own checks combine is `logic` ("all" unless the text says "or"); its
    children, when it has them, are sub-clauses that must all hold together with the checks.
    A criterion with no checks and no checkable children is for a person to judge (`manual`).
    `exceptions` keeps "except ..." clauses: a condition that holds with an exception possible
    needs a person to confirm it.

    `unread` keeps the clauses of the text that no check covers (coverage.py): a part only a
    person can judge, joined to the checks by `logic`, so that a machine alone never calls such
    an inclusion met nor such an exclusion not met. Such a criterion is also flagged `manual`.
    `condition` says when the criterion applies ("If ...", "for women of childbearing potential
    ...", "unless ..." as a negated check): a `criterion` node `<id>.if` with its own checks and
    unread clauses. A criterion whose condition does not hold is decided in the patient's favour.
    """

    id: str
    kind: Kind
    text: str
    section: SectionName | None = None
    checks: list[Check] = Field(default_factory=list)
    children: list[CriterionNode] = Field(default_factory=list)
    logic: Logic = "all"
    manual: bool = False
    exceptions: list[str] = Field(default_factory=list)
    # a section's lead-in line ("Patients who met any of the following criteria could not be
    # enrolled:"): kept for the reader, never judged
    preamble: str | None = None
    unread: list[str] = Field(default_factory=list)
    condition: CriterionNode | None = None

    def walk(self) -> Iterator[CriterionNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_json(self) -> dict[str, Any]:
        return _drop_empty_unread(self.model_dump(mode="json", exclude_none=True))


def _fresh(model: type[BaseModel]) -> dict[str, Any]:
    """A new instance's fields, in the model's order, with their defaults (None for a required
    field, which the builder sets, and for a list, which it makes new for each)."""
    return {name: None if field.is_required() or field.default_factory is not None else field.default
            for name, field in model.model_fields.items()}


_new_node = CriterionNode.__new__
# a new node's fields, copied into each node's __dict__ (one update from a dict of fixed keys:
# quicker than building it key by key); pydantic's slots are set by their descriptors (quicker
# than object.__setattr__'s look-up by name)
_FRESH = _fresh(CriterionNode)
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__     # (the slots' member descriptors)
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def criterion(node_id: str, kind: Kind, text: str, section: SectionName | None) -> CriterionNode:
    """A node the parser makes, as `CriterionNode(id=..., kind=..., text=..., section=...)` makes
    it (the same fields, defaults and fields-set) without pydantic's validation, which costs
    twice as much as the rest; model_construct is slower still in this pydantic. For the
    parser's own arguments only: plain strings, kind and section already valid."""
    node = _new_node(CriterionNode)
    # (the fields filled into the node's own __dict__, in the order pydantic's validation puts
    # them: quicker than a copied dict set in its place by object.__setattr__)
    fields = node.__dict__
    fields.update(_FRESH)
    fields["id"] = node_id
    fields["kind"] = kind
    fields["text"] = text
    fields["section"] = section
    fields["checks"] = []
    fields["children"] = []
    fields["exceptions"] = []
    fields["unread"] = []
    _set_fields(node, {"id", "kind", "text", "section"})
    _set_extra(node, None)
    _set_private(node, None)
    return node


_new_check = Check.__new__
_FRESH_CHECK = _fresh(Check)


def check(variable: str, op: Op, value: bool | str, span: tuple[int, int]) -> Check:
    """`Check(variable=..., op=..., value=..., span=...)` made as criterion() makes a node: the
    same fields and fields-set, without pydantic's validation (17k instructions a check, 6.6k
    this way). For the parser's own plain arguments only: a valid op, a bool or a str value
    (which validation keeps as they are), a span of two ints."""
    made = _new_check(Check)
    fields = made.__dict__
    fields.update(_FRESH_CHECK)
    fields["variable"] = variable
    fields["op"] = op
    fields["value"] = value
    fields["span"] = span
    _set_fields(made, {"variable", "op", "value", "span"})
    _set_extra(made, None)
    _set_private(made, None)
    return made


def for_a_person(node_id: str, text: str, section: SectionName | None) -> CriterionNode:
    """`CriterionNode(id=..., kind="criterion", text=..., section=..., manual=True)`, as
    criterion() makes a node: a clause only a person can judge."""
    node = criterion(node_id, "criterion", text, section)
    node.__dict__["manual"] = True
    node.__pydantic_fields_set__.add("manual")
    return node


def assign(node: CriterionNode, field: str, value: object) -> None:
    """`node.<field> = value` as pydantic assigns a field when assignments are not validated
    (the value in the node's __dict__, the field in its fields-set), without the look-up of
    pydantic's handler for it on each assignment."""
    node.__dict__[field] = value
    node.__pydantic_fields_set__.add(field)


def _drop_empty_unread(node: dict[str, Any]) -> dict[str, Any]:
    """A node's JSON without `"unread": []` (the key is there only when something was not read)."""
    if not node.get("unread"):
        node.pop("unread", None)
    for child in node.get("children", ()):
        _drop_empty_unread(child)
    if "condition" in node:
        _drop_empty_unread(node["condition"])
    return node


class CriteriaTree(BaseModel):
    """The two sections of a trial, parsed once at import and stored with the trial."""

    parser_version: int = PARSER_VERSION
    sections: list[CriterionNode] = Field(default_factory=list)
    # The matcher's compiled plan of this tree (model/matching/plan.py), kept on the tree so that a
    # list of thousands of trials compiles each once, with no global cache to outgrow.
    _match_plan: Any = PrivateAttr(default=None)

    def walk(self) -> Iterator[CriterionNode]:
        for section in self.sections:
            yield from section.walk()

    def find(self, node_id: str) -> CriterionNode | None:
        return next((n for n in self.walk() if n.id == node_id), None)

    def variables(self) -> list[str]:
        """Every variable a check reads, in the order the criteria read them."""
        seen: dict[str, None] = {}
        for node in self.walk():
            for check in node.checks:
                seen.setdefault(check.variable, None)
        return list(seen)

    def to_json(self) -> list[dict[str, Any]]:
        return [s.to_json() for s in self.sections]

    def dump(self) -> dict[str, Any]:
        """The whole tree as JSON (None and empty `unread` left out), as the store keeps it."""
        out = self.model_dump(mode="json", exclude_none=True)
        for section in out["sections"]:
            _drop_empty_unread(section)
        return out
