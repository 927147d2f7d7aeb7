"""Criteria that apply only to some patients: conditions, exceptions, cohorts (plan.py compiles them).

A condition ("If ...", "For women of childbearing potential: ...") is read by the logic of the
group the criterion stands in. Among requirements that must all hold (a section of inclusions, an
"all" group) it says when the requirement binds: "if the condition, then the body", so a
criterion that does not apply holds. Among alternatives (a section of exclusions, an "any" group:
"at least one of: ... WOCBP who agrees to ...") it is part of the alternative: "the condition and
the body", so an alternative that does not apply is not taken, and never makes the group hold on
its own. At the top of a section the two readings give cli.md's rule (a criterion that does not
apply is decided in the patient's favour).

Cohorts: a section whose criteria are groups each for one kind of participant ("Patients with
Bipolar Disorder (BD):", "Healthy Controls:"), see cohort_sets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from trialview.model.matching.compact import KIND, CompactNode, StoredNode
from trialview.model.matching.context import MatchContext
from trialview.model.matching.kleene import DOES_NOT_APPLY, Decisions, Results, Runner, finish, needs_of, why_text
from trialview.model.matching.outcome import MANUAL, MET, NOT_MET, UNKNOWN, Outcome, Status, reason_text

_SECTION = KIND["section"]
_ID, _KIND, _CHILDREN, _CONDITION = (CompactNode._fields.index(f) for f in ("id", "kind", "children", "condition"))


def conditional_runner(node_id: str, key: int, neutral: Status, text: str, condition: Runner, body: Runner) -> Runner:
    """A criterion that applies only when its condition holds. `neutral` is the status that
    leaves the group it stands in as its other parts make it (MET in an "all", NOT_MET in an
    "any"): the condition not met gives it, with the reason "does not apply: ..."; met, the body
    decides; unknown, the body decides only if it gives the neutral status anyway (an "if" whose
    "then" holds; an alternative whose own part fails), else the criterion stays open."""
    does_not_apply = DOES_NOT_APPLY + " ".join(text.split())

    def conditional(ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
        applies = condition(ctx, decisions, out)
        decided = body(ctx, decisions, out)
        # A condition not met says "does not apply" even when the body gives the same status
        # ("pregnant: no (male)" under "Women of childbearing potential must ..."): the reason a
        # screener gives first.
        if (decided[0] is neutral and applies[0] is not NOT_MET) or applies[0] is MET or out[node_id].by_hand:
            return decided
        if applies[0] is NOT_MET:
            outcome: Outcome = (neutral, (_not_applying, (does_not_apply, applies)), ())
        else:
            parts = [applies, decided]
            status: Status = UNKNOWN if UNKNOWN in (applies[0], decided[0]) else MANUAL
            outcome = (status, (why_text, (parts, "all", status)), needs_of(parts))
        return finish(node_id, key, outcome, decisions, out)

    return conditional


def excepted_runner(node_id: str, key: int, section: str, exceptions: str, body: Runner) -> Runner:
    """A criterion whose text names exceptions ("History of malignancy, except adequately treated
    basal cell carcinoma"): what the checks find against the patient may be one of them, which
    only a person can tell, so it is for a person, never a machine's ✗; in the patient's favour
    (or open) the checks decide."""
    against: Status = MET if section == "exclusion" else NOT_MET

    def excepted(ctx: MatchContext, decisions: Decisions, out: Results) -> Outcome:
        decided = body(ctx, decisions, out)
        if decided[0] is not against or out[node_id].by_hand:
            return decided
        return finish(node_id, key, (MANUAL, (_unless_excepted, (exceptions, decided)), ()), decisions, out)

    return excepted


def _unless_excepted(args: tuple[str, Outcome]) -> str:
    exceptions, found = args
    head = reason_text(found[1])
    return f"{head}, unless an exception applies: {exceptions}" if head else \
        f"unless an exception applies: {exceptions}"


def _not_applying(args: tuple[str, Outcome]) -> str:
    head, applies = args
    found = reason_text(applies[1])
    return f"{head} ({found})" if found else head


# --- cohorts ---------------------------------------------------------------------------------------

# Words that name no cohort of their own ("Patients with ...", "... participants")
_FILLER = frozenset({
    "a", "an", "the", "and", "or", "of", "for", "with", "without", "in", "who", "are", "is", "to", "all", "only",
    "patient", "patients", "participant", "participants", "subject", "subjects", "people", "persons",
    "individuals", "group", "groups", "cohort", "cohorts", "arm", "arms", "disorder", "disorders", "disease",
    "diseases", "criteria", "those", "being", "enrolled", "recruited"})
_WORD = re.compile(r"[a-z0-9]+")


def _names(text: str) -> frozenset[str]:
    """The words of a group's name that may name a kind of participant, plurals as singulars
    ("Control group" and "Healthy Controls" share "control")."""
    return frozenset(_singular(w) for w in _WORD.findall(text.lower()) if w not in _FILLER)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _cohort_groups(section: StoredNode, skip: tuple[str, ...]) -> list[tuple[int, StoredNode, frozenset[str]]]:
    """The section's criteria that are groups for one kind of participant: a condition naming
    them ("Healthy Controls:", "Patients:") over items of their own. (position, node, the
    condition's words that may name a kind)"""
    out = []
    for at, child in enumerate(section[_CHILDREN]):
        condition = child[_CONDITION]
        if child[_ID] in skip or condition is None or not child[_CHILDREN]:
            continue
        out.append((at, child, _names(condition[0])))
    return out


def _ties(kinds: list[frozenset[str]], groups: list[frozenset[str]]) -> bool:
    """Whether the exclusion's groups name the inclusion's kinds, each group at least one kind
    and each kind at least one group, by a word that tells that kind from the others
    ("Patients with type 1 diabetes" and "... type 2 ..." share "type" and "diabetes": only "1"
    and "2" tell them apart), or by the same name ("Patients:" in both lists)."""
    counts: dict[str, int] = {}
    for words in kinds:
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    own = [frozenset(w for w in words if counts[w] == 1) for words in kinds]

    def names(group: frozenset[str], k: int) -> bool:
        return bool(group & own[k]) or group == kinds[k]

    return all(any(names(g, k) for g in groups) for k in range(len(kinds))) and \
        all(any(names(g, k) for k in range(len(kinds))) for g in groups)


def cohort_sets(roots: Sequence[StoredNode]) -> dict[str, tuple[str, ...]]:
    """Each cohort group's id -> the ids of its section's cohort groups, where the patient is
    sure to be in one of them.

    An inclusion section made of nothing but such groups (bar the registry's criterion) lists
    the kinds of participant the trial takes, so a patient is one of them: MDD, BD or healthy
    control (NCT00055575); patients or controls (NCT05381714). Its exclusions split the same way
    ("Patients MDD & BD:", "Healthy Controls:") cover every patient when each kind the
    inclusions list is named by one of them and each of them names a kind (_ties). A patient
    then meets one cohort's criteria, not known which: what every cohort's list decides the same
    way is decided (an HIV-positive man is excluded as a patient and as a control alike). The
    groups stand one after another (a trial's plan keeps them together: list.split_plan)."""
    inclusion = exclusion = None
    for root in roots:
        if root[_KIND] == _SECTION:
            if root[_ID] == "inc":
                inclusion = root
            elif root[_ID] == "exc":
                exclusion = root
    if inclusion is None:
        return {}
    others = 0
    for child in inclusion[_CHILDREN]:     # most trials: the first criterion is no cohort's group
        if child[_ID] != "inc-registry":
            if child[_CONDITION] is None or not child[_CHILDREN]:
                return {}
            others += 1
    kinds = _cohort_groups(inclusion, ("inc-registry",))
    if len(kinds) < 2 or len(kinds) != others:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    _add(out, [node for _at, node, _names in kinds])
    if exclusion is not None:
        groups = _cohort_groups(exclusion, ())
        positions = [at for at, _node, _names in groups]
        if len(groups) >= 2 and positions == list(range(positions[0], positions[-1] + 1)) and \
                _ties([k for _a, _n, k in kinds], [g for _a, _n, g in groups]):
            _add(out, [node for _at, node, _names in groups])
    return out


def _add(out: dict[str, tuple[str, ...]], nodes: list[StoredNode]) -> None:
    ids = tuple(n[_ID] for n in nodes)
    for node_id in ids:
        out[node_id] = ids


# One cohort group, as its section's runner holds it: (id, text key, condition text, the
# condition's runner, the body's runner, its ordinary runner)
Member = tuple[str, int, str, Runner, Runner, Runner]


def cohort_runners(members: Sequence[Member], against: Status) -> list[Runner]:
    """The runners of one section's cohort groups: each as its ordinary runner, and where that
    leaves it open (its condition unknown), against the patient when the patient's cohort,
    whichever it is, holds it against them (the groups not ruled out are each against)."""
    group = tuple(members)
    return [partial(_cohort_member, group, at, against) for at in range(len(group))]


def _cohort_member(members: tuple[Member, ...], at: int, against: Status, ctx: MatchContext, decisions: Decisions,
                   out: Results) -> Outcome:
    node_id, key, _text, _condition, _body, ordinary = members[at]
    own = ordinary(ctx, decisions, out)
    if own[0] is not UNKNOWN and own[0] is not MANUAL:
        return own
    scratch: Results = {}
    found: list[tuple[str, Outcome]] = []
    mine: Outcome | None = None
    for index, (other_id, _key, text, condition, body, _ordinary) in enumerate(members):
        if decisions and other_id in decisions:
            return own      # a person decides one of them: theirs, and the others as they stand
        applies = condition(ctx, decisions, scratch)
        if applies[0] is MET:
            return own      # the patient's cohort is known: it decides, and ruled the others out
        if applies[0] is NOT_MET:
            continue
        decided = body(ctx, decisions, scratch)
        if decided[0] is not against:
            return own
        found.append((text, decided))
        if index == at:
            mine = decided
    if mine is None:
        return own
    return finish(node_id, key, (against, (_every_cohort, ([t for t, _d in found], mine)), ()), decisions, out)


def _every_cohort(args: tuple[list[str], Outcome]) -> str:
    texts, decided = args
    names = " / ".join(" ".join(t.split()) for t in texts)
    found = reason_text(decided[1])
    return f"whichever group the patient is in ({names}): {found}" if found else \
        f"whichever group the patient is in ({names})"


def neutral_of(logic: str) -> Status:
    """The status a part that does not apply takes in a group combined by `logic`."""
    return NOT_MET if logic == "any" else MET


