"""One check of a criterion against a patient panel: compiled once per tree, run per panel.

A compiled check is a function of the match context returning an outcome (see
model/matching/outcome.py). Statuses report the truth of the check as the text words it; what
that means for the patient (an exclusion that holds excludes) is the criterion's business
(model/matching/plan.py). Checks on therapies (drugs and drug classes) are in
model/matching/therapy.py; this module compiles numbers and words, and hands therapies over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from trialview.model.criteria.kinds import MEASURED_CLEARANCE
from trialview.model.criteria.narrowed import BROADER, EVER, NARROWER
from trialview.model.criteria.numbers import GUESSED
from trialview.model.criteria.tree import Check
from trialview.model.matching.ages import in_whole_years
from trialview.model.matching.compact import DERIVED_FROM, FEMALE_STATES, answered_by_sex, female_by_state
from trialview.model.matching.context import MatchContext
from trialview.model.matching.outcome import (COMPARE, MANUAL, MET, NOT_MET, SYMBOL, UNKNOWN, CheckFn, Outcome, Status, constant,
                                              fmt_number, in_running_text, reason_text)
from trialview.model.matching.therapy import compile_therapy
from trialview.model.matching.windows import length_text, reach
from trialview.model.units import UnitError, normalise_unit, to_canonical
from trialview.model.vocabulary import BY_ID, FALSE_WORDS, PASSING_STATES, TRUE_WORDS
from trialview.model.drugs import DRUG_BY_ID, DRUG_CLASSES, find_drug

_NEGATED = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "==": "≠", "!=": "="}
# Units that read better left out: "SLEDAI-2K 4 < 6 required", "NYHA class 3".
_SILENT_UNITS = {None, "score", "criteria", "domains", "class", "grade", "ratio"}
_DERIVED_NOTE = {"crcl": " (Cockcroft-Gault)", "bmi": " (from weight and height)"}


def unit_text(unit: str | None) -> str:
    if unit in _SILENT_UNITS:
        return ""
    if unit == "xULN":
        return " × ULN"
    return f" {unit}"


def label(var_id: str) -> str:
    """The vocabulary's label in running text: "Hemoglobin" -> "hemoglobin"; a first word with a
    capital past its first letter is a name and stays ("HbA1c", "SpO2", "ALT"); "Anti-dsDNA" ->
    "anti-dsDNA" (up to a hyphen)."""
    var = BY_ID.get(var_id)
    return in_running_text(var.label if var else var_id.replace("_", " "))


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt_number(value)
    if isinstance(value, (list, tuple)):
        return " or ".join(_word(v) for v in value)
    return str(value)


# detectable / undetectable (HBV DNA, CMV DNA) read as positive / negative.
_WORD_ALIASES = {"detectable": "positive", "detected": "positive", "undetectable": "negative",
                 "not detected": "negative", "true": "positive", "false": "negative"}


def _norm_word(value: Any, kind: str) -> Any:
    """A check's or panel's word in the form the panel stores for this kind of variable."""
    if kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return word
    if isinstance(value, bool):
        return "positive" if value else "negative"
    word = str(value).strip().lower()
    return _WORD_ALIASES.get(word, word)


_UNIT_MEMO: dict[str, str | None] = {}


def _unit_key(unit: str) -> str | None:
    key = _UNIT_MEMO.get(unit, "?")
    if key == "?":
        key = normalise_unit(unit)
        if len(_UNIT_MEMO) < 4096:
            _UNIT_MEMO[unit] = key
    return key


def compile_check(check: Check, section: str = "inclusion") -> CheckFn:
    """A check as a function of the match context; `section` words its reasons."""
    plain = _compile_plain(check, section)
    return _negated(plain) if check.negated else plain


def _negated(check_fn: CheckFn) -> CheckFn:
    """"No use of growth factors within 7 days": the condition must NOT hold; unknown stays unknown."""

    def evaluate(ctx: MatchContext) -> Outcome:
        status, why, needs = check_fn(ctx)
        if status == MET:
            return (NOT_MET, f"{reason_text(why)}: the criterion rules this out", needs)
        if status == NOT_MET:
            return (MET, why, needs)
        return (status, why, needs)

    return evaluate


def _compile_plain(check: Check, section: str) -> CheckFn:
    var_id = check.variable
    if var_id in BY_ID:
        if BY_ID[var_id].kind == "number":
            return _compile_number(check, section)
        return _compile_word(check, section)
    if var_id in DRUG_CLASSES or var_id in DRUG_BY_ID or find_drug(var_id) is not None:
        return compile_therapy(check)
    bad: Outcome = (UNKNOWN, f"unknown variable {var_id}", (var_id,))
    return lambda ctx: bad


def _windowed(check_fn: CheckFn, var_id: str, window: float, months: int | None = None) -> CheckFn:
    """window_days (or `months` by the calendar: windows.py): a condition true but dated outside
    the window does not hold when it is an event (a transplant); a state that lasts (a cancer, an
    infection) recorded before the window may have lasted into it: a person judges it (audit 14: a
    cancer recorded in 2023 passed "no cancer in the preceding 2 years"). A value without a date
    is taken as current. A state that comes and goes (PASSING_STATES) read as absent today cannot
    say it was absent all through the window: a person judges it (no value would settle it, so
    nothing is asked for). A history (malignancy, transplant) present but undated cannot be
    placed in the window: unknown until its date is given."""

    passing = var_id in PASSING_STATES
    history = not passing and var_id in BY_ID and BY_ID[var_id].group == "history"
    event = var_id in _EVENTS
    length = length_text(window, months)
    since = f"the text asks about the last {length}"

    def evaluate(ctx: MatchContext) -> Outcome:
        outcome = check_fn(ctx)
        if (passing or history) and outcome[0] is not UNKNOWN:
            reading = ctx.values.get(var_id)
            if reading is not None:
                absent = reading.canonical is False or str(reading.canonical).lower() in FALSE_WORDS
                if passing and absent:
                    return (MANUAL, f"{reason_text(outcome[1])} now; {since}: for a person to judge", ())
                if history and not absent and reading.date is None:
                    # "cancer in the last 5 years": a history with no date may be 20 years old
                    return (UNKNOWN, f"{reason_text(outcome[1])}, undated; {since}", (var_id,))
        if outcome[0] is UNKNOWN or outcome[0] is MANUAL or (outcome[0] is NOT_MET and passing):
            return outcome
        reading = ctx.values.get(var_id)
        if reading is None or reading.date is None \
                or (days := (ctx.as_of - reading.date).days) <= reach(ctx.as_of, window, months):
            return outcome
        # dated before the window
        if outcome[0] is NOT_MET:
            # "LVEF below 50% within 28 days" and an LVEF of 2024; "a malignancy within 5 years"
            # and a "no" of 2015: what held before the window says nothing of it (audit 15)
            return (UNKNOWN, f"{reason_text(outcome[1])}, measured {days} days ago, before the last {length}",
                    (var_id,))
        if event:
            return (NOT_MET, f"{reason_text(outcome[1])}, but dated {days} days ago: outside the last {length}", ())
        return (MANUAL, f"{reason_text(outcome[1])}, recorded {days} days ago, before the last "
                        f"{length}: whether it lasted into them is for a person to judge", ())

    return evaluate


# A check's note and the panel's answers it leaves open: (the note's prefix, those answers, their
# status, how the reason reads).
_NOTE_OPENS: tuple[tuple[str, tuple[Any, ...], Status, str], ...] = (
    # "Active tuberculosis" where the panel's value is active or latent: its "yes" may be the
    # other kind, so only its "no" decides
    (NARROWER, (True, "positive", "detectable"), UNKNOWN, "{name}: {shown}; the text asks about {words}: for a person"),
    # "History of tuberculosis": a negative value today does not rule out a past one
    (EVER, (False, "negative", "undetectable"), UNKNOWN,
     "{name}: {shown} now; the text asks about any past {words}: for a person"),
    # "Active infection" where the panel's value is an uncontrolled one needing treatment: its
    # "no" leaves a controlled one open, and no value of the panel would settle it
    (BROADER, (False, "negative", "undetectable"), MANUAL,
     "{name}: {shown}; the text asks about {words}, more than that: for a person to judge"),
)

# how long a value of a state that comes and goes (PASSING_STATES: pregnancy, breastfeeding, an
# infection) speaks for the screening date
STALE_DAYS = 30

# what happens on a day (its date says when): dated before a window, it lies outside it
_EVENTS = frozenset({"organ_transplant", "hsct"})

# how long a measured value speaks for the screening date where the text gives no window of its
# own: a lab, a vital sign, a disease-activity score or an infection's marker measured more than
# this many days before as_of says nothing certain of the patient now (audit 15: an LVEF of 2024,
# an HIV test of 2023, an HCV RNA of 2021 decided). Traits and histories do not go stale; an
# antibody that stays once positive (HIV, HCV antibody, HBcAb) goes stale only when negative.
MEASURED_DAYS = 90
_MEASURED_GROUPS = frozenset({"blood", "chemistry", "cardio"})
_MEASURED_IDS = frozenset({"weight", "bmi", "ecog", "karnofsky", "sledai_2k", "selena_sledai", "sledai_2k_clinical", "bilag_a", "bilag_b",
                           "pga", "lupus_nephritis_active", "npsle", "anti_dsdna", "c3_low", "c4_low", "hbsag",
                           "hbv_dna", "hcv_rna", "cmv_dna", "ebv_dna", "syphilis"})
_STALE_WHEN_NEGATIVE = frozenset({"hiv", "hcv_ab", "hbcab"})
_STAYS = frozenset({"positive", "detectable", True})      # (their values that do not go stale)


def goes_stale(var_id: str) -> bool:
    """Whether a dated value of var_id older than MEASURED_DAYS says nothing of today."""
    var = BY_ID.get(var_id)
    return var is not None and (var.group in _MEASURED_GROUPS or var_id in _MEASURED_IDS)


def too_old_for_today(var_id: str, canonical: object, measured: dt.date, as_of: dt.date) -> bool:
    """Whether a value of var_id measured on that day says nothing of the screening date, where a
    criterion gives no window of its own (the form says so under the value)."""
    days = (as_of - measured).days
    if var_id in PASSING_STATES:
        return days > STALE_DAYS
    if var_id in _STALE_WHEN_NEGATIVE:
        return days > MEASURED_DAYS and canonical not in _STAYS
    return goes_stale(var_id) and days > MEASURED_DAYS


def _stale(name: str, measured: dt.date, as_of: dt.date) -> str | None:
    """The reason a value measured on that day is too old to decide a check with no window, or
    None (`name`: the variable's label)."""
    days = (as_of - measured).days
    if days <= MEASURED_DAYS:
        return None
    return (f"{name} measured {days} days before screening: whether it holds now is not known "
            "(a value from the last 3 months would decide)")


def _required(section: str, op: str) -> str:
    if section == "exclusion":
        return ""
    return " required" if op in (">=", ">", "==", "in") else " allowed"


class _Threshold:
    """A numeric check's threshold in the variable's canonical unit, or as a multiple of the
    lab's ULN (`ratio`) for a variable measured in mg/dL ("≤ 1.5 × ULN" on bilirubin)."""

    __slots__ = ("ratio", "unit_text", "value")

    def __init__(self, value: float, ratio: bool, canonical: str):
        self.value = value
        self.ratio = ratio
        self.unit_text = unit_text("xULN" if ratio else canonical)


def _threshold(check: Check, canonical: str, name: str, needs: tuple[str, ...]) -> _Threshold | Outcome:
    """The check's threshold, or the outcome a check that cannot be read gives every panel."""
    threshold = check.value
    if check.op not in SYMBOL or isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        return (UNKNOWN, f"{name}: cannot read the condition {check.describe()}", needs)
    threshold = float(threshold)
    unit = check.unit
    ratio = False
    if unit and unit != canonical and unit.lower() != canonical.lower():
        key = _unit_key(unit)
        if key == "xULN" and canonical != "xULN":
            ratio = True
        elif key != canonical and key is not None:
            # The parser states values in canonical units; convert if it did not.
            try:
                threshold = to_canonical(check.variable, threshold, unit)
            except UnitError:
                return (UNKNOWN, f"{name}: the unit {unit} of the condition does not apply", needs)
    return _Threshold(round(threshold, 6), ratio, canonical)


def _compile_number(check: Check, section: str) -> CheckFn:
    var_id = check.variable
    canonical = BY_ID[var_id].unit or ""
    name = label(var_id)
    needs = (var_id,)
    found = _threshold(check, canonical, name, needs)
    if not isinstance(found, _Threshold):
        return constant(found)
    evaluate = _number_evaluator(check, section, found, name, canonical)
    if check.note and check.note.startswith(GUESSED) and check.op in _MIRROR:
        evaluate = _either_way(check, section, found, name, canonical, evaluate)
    elif var_id == "age":
        evaluate = in_whole_years(check, evaluate)
    if check.window_days is not None:
        return _windowed(evaluate, var_id, check.window_days, check.months)
    return evaluate


_MIRROR = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}


def _either_way(check: Check, section: str, limit: _Threshold, name: str, canonical: str,
                evaluate: CheckFn) -> CheckFn:
    """A check whose comparator the text lost and the parser guessed (numbers.GUESSED: "HbA1c =
    5.7%"): decided only where the other direction decides alike (the value at the limit itself),
    else for a person, who reads which way the trial means it."""
    mirror = _number_evaluator(check.model_copy(update={"op": _MIRROR[check.op]}), section, limit, name, canonical)
    words = f"{name}: the text's comparator was lost (\"= {fmt_number(limit.value)}{limit.unit_text}\"): at or " \
            f"above, or at or below? For a person"

    def decide(ctx: MatchContext) -> Outcome:
        got = evaluate(ctx)
        if got[0] not in (MET, NOT_MET) or mirror(ctx)[0] == got[0]:
            return got
        return (UNKNOWN, words, ())

    return decide


_Say = Callable[[float], str]


def _number_words(check: Check, section: str, limit: _Threshold, name: str,
                  canonical: str) -> tuple[_Say, _Say, _Say, _Say, _Say]:
    """How a numeric check's reasons read, formatted once: (holds, fails, holds derived, fails
    derived, no ULN to compare with)."""
    op, u = check.op, limit.unit_text
    inferred = " (comparator inferred)" if check.inferred else ""
    t_text = f"{fmt_number(limit.value)}{u}"
    head = f"{name} "
    tail_true = f" {SYMBOL[op]} {t_text}{inferred}"
    if section == "inclusion" and op in ("<", ">", "==", "!="):
        # "SLEDAI-2K 6, > 6 required": a negated strict comparison ("6 ≤ 6 required") misleads.
        tail_false = f", {SYMBOL[op]} {t_text} required{inferred}"
    else:
        tail_false = f" {_NEGATED[op]} {t_text}{_required(section, op)}{inferred}"
    derived = _DERIVED_NOTE.get(check.variable, "")
    tail_true, derived_true = f"{u}{tail_true}", f"{u}{derived}{tail_true}"
    tail_false, derived_false = f"{u}{tail_false}", f"{u}{derived}{tail_false}"
    no_uln = f"{unit_text(canonical)}: the lab's ULN is needed to compare with {t_text}"
    shown = fmt_number(limit.value)

    def fmt(v: float) -> str:
        # (a value that rounds to the limit it misses is shown as it is: "ANC 1.199 10^9/L < 1.2
        # 10^9/L required", not "1.2 < 1.2", audit 14)
        text = fmt_number(v)
        return f"{v:.6g}" if text == shown and v != limit.value else text

    def say_true(v: float) -> str:
        return f"{head}{fmt(v)}{tail_true}"

    def say_false(v: float) -> str:
        return f"{head}{fmt(v)}{tail_false}"

    def say_derived_true(v: float) -> str:
        return f"{head}{fmt(v)}{derived_true}"

    def say_derived_false(v: float) -> str:
        return f"{head}{fmt(v)}{derived_false}"

    def say_no_uln(v: float) -> str:
        return f"{head}{fmt_number(v)}{no_uln}"

    return say_true, say_false, say_derived_true, say_derived_false, say_no_uln


def _number_evaluator(check: Check, section: str, limit: _Threshold, name: str, canonical: str) -> CheckFn:
    """The hot path of a numeric check: plain values and reasons formatted in advance."""
    var_id = check.variable
    needs = (var_id,)
    threshold, ratio = limit.value, limit.ratio
    compare = COMPARE[check.op]
    derived = var_id in _DERIVED_NOTE
    missing: Outcome = (UNKNOWN, f"{name} missing", needs)
    if check.note == MEASURED_CLEARANCE:
        # "a 24-hour urinary creatinine clearance": only a clearance the panel gives answers it
        derived = False
        missing = (UNKNOWN, f"{name} missing: the text asks for a measured one, which the Cockcroft-Gault "
                            "estimate does not answer", needs)
    say_true, say_false, say_derived_true, say_derived_false, say_no_uln = \
        _number_words(check, section, limit, name, canonical)
    floor = BY_ID[var_id].uln_floor if ratio else None
    at_any_lab = _at_any_lab(check, threshold, floor, name, (say_no_uln, needs)) if floor is not None else None

    stale = goes_stale(var_id) and check.window_days is None

    def evaluate(ctx: MatchContext) -> Outcome:
        reading = ctx.values.get(var_id)
        value: float | bool | str | None
        if reading is not None and reading.canonical is not None:
            if stale and reading.date is not None and (why := _stale(name, reading.date, ctx.as_of)) is not None:
                return (UNKNOWN, why, needs)
            value = reading.canonical
            if ratio:
                if reading.unit and _unit_key(reading.unit) == "xULN":
                    value = float(reading.raw)
                elif reading.uln:
                    value = _entered_number(reading) / reading.uln
                elif at_any_lab is not None and isinstance(value, (int, float)) and value.__class__ is not bool:
                    return at_any_lab(float(value))
                else:
                    return (UNKNOWN, (say_no_uln, value), needs)
        elif derived:
            value = ctx.panel.value(var_id)
            if value is None:
                return missing
            if stale:
                # worked out from values too old to say what it is now (a creatinine of five
                # months ago, a weight of 2022: audit 16)
                for source in DERIVED_FROM[var_id]:
                    given = ctx.values.get(source)
                    if given is not None and given.date is not None and goes_stale(source) \
                            and (why := _stale(label(source), given.date, ctx.as_of)) is not None:
                        return (UNKNOWN, f"{name} from {why}", needs)
            if ratio:
                return (UNKNOWN, (say_no_uln, value), needs)
            if compare(round(value, 6) if isinstance(value, float) else value, threshold):
                return (MET, (say_derived_true, value), ())
            return (NOT_MET, (say_derived_false, value), ())
        else:
            return missing
        if value.__class__ is bool or not isinstance(value, (int, float)):
            return missing
        # (to a millionth: 110 lb is 49.895160700000005 kg in floating point, which had been
        # "more than 110 lb", audit 16)
        if compare(round(value, 6), threshold):
            return (MET, (say_true, value), ())
        return (NOT_MET, (say_false, value), ())

    return evaluate


def _at_any_lab(check: Check, threshold: float, floor: float, name: str,
                no_uln: tuple[_Say, tuple[str, ...]]) -> Callable[[float], Outcome]:
    """A ratio to normal (INR) against a multiple of a ULN the panel does not give: what holds
    whatever the lab's ULN, which is at least `floor` (vocabulary.uln_floor): value / ULN is at
    most value / floor. Made only for the variables that have a floor."""
    op, compare = check.op, COMPARE[check.op]
    say_no_uln, needs = no_uln

    def say(v: float) -> str:
        sign = SYMBOL[op] if compare(v / floor, threshold) else _NEGATED[op]
        return (f"{name} {fmt_number(v)} {sign} {fmt_number(threshold)} × ULN at any lab "
                f"(no lab's ULN of it is below {fmt_number(floor)})")

    def decide(value: float) -> Outcome:
        most = value / floor
        if op in ("<=", "<") and compare(most, threshold):
            return (MET, (say, value), ())
        if op in (">=", ">") and not compare(most, threshold):
            return (NOT_MET, (say, value), ())
        return (UNKNOWN, (say_no_uln, value), needs)

    return decide


def _entered_number(reading: Any) -> float:
    """The number as the lab reported it (its ULN is in the same unit)."""
    try:
        return float(str(reading.raw).strip().replace(",", "."))
    except ValueError:
        return float(reading.canonical)


def _compile_word(check: Check, section: str) -> CheckFn:
    """bool / choice: the outcome for every possible value is known at compile time."""
    var_id = check.variable
    var = BY_ID[var_id]
    op = check.op
    name = label(var_id)
    needs = (var_id,)
    if op not in ("==", "!=", "in"):
        return constant((UNKNOWN, f"{name}: cannot read the condition {check.describe()}", needs))
    kind = var.kind
    if op == "in":
        listed = check.value if isinstance(check.value, list) else [check.value]
        wanted: Any = [_norm_word(v, kind) for v in listed]
    else:
        wanted = _norm_word(check.value, kind)
    compare = COMPARE[op]
    inferred = " (comparator inferred)" if check.inferred else ""
    expected = _word(wanted)
    required = f"not {expected}" if op == "!=" else expected
    outcomes: dict[Any, Outcome] = {}
    domain: tuple[Any, ...] = (True, False) if kind == "bool" else var.choices
    for candidate in domain:
        value = _norm_word(candidate, kind)
        shown = _word(value)
        if compare(value, wanted):
            outcomes[candidate] = (MET, f"{name}: {shown}{inferred}", ())
        elif section == "inclusion":
            outcomes[candidate] = (NOT_MET, f"{name}: {shown} ({required} required){inferred}", ())
        else:
            outcomes[candidate] = (NOT_MET, f"{name}: {shown}{inferred}", ())
    for prefix, answers, status, say in _NOTE_OPENS:
        # what a note says the panel's value cannot answer (criteria/narrowed.py)
        if check.note and check.note.startswith(prefix):
            words = in_running_text(check.note[len(prefix):])
            for candidate in domain:
                answer = _norm_word(candidate, kind)
                if answer in answers:
                    outcomes[candidate] = (status, say.format(name=name, shown=_word(answer), words=words), ())
    missing: Outcome = (UNKNOWN, f"{name} missing", needs)
    # A man is not pregnant or lactating (compact.FEMALE_STATES): with
    # the value not given, a male panel reads "no (male)" rather than leave the criterion open.
    as_man: Outcome | None = None
    if var_id in FEMALE_STATES:
        status, reason, _ = outcomes[False]
        as_man = (status, reason.replace(f"{name}: no", f"{name}: no (male)", 1), ())

    by_pregnancy = var_id == "childbearing_potential" and op == "==" and wanted is True
    stale = (goes_stale(var_id) or var_id in _STALE_WHEN_NEGATIVE) and check.window_days is None
    lasting = _STAYS if var_id in _STALE_WHEN_NEGATIVE else frozenset()    # (values that never go stale)
    # a state of today whose dated value goes stale (not "History of tuberculosis": a past one, EVER)
    passing = var_id in PASSING_STATES and check.window_days is None and not (check.note and check.note.startswith(EVER))

    def evaluate(ctx: MatchContext) -> Outcome:
        reading = ctx.values.get(var_id)
        if reading is None or reading.canonical is None:
            if as_man is not None and answered_by_sex(ctx.values):
                return as_man
            if by_pregnancy and (pregnant := ctx.values.get("pregnant")) is not None and pregnant.canonical is True \
                    and (pregnant.date is None or (ctx.as_of - pregnant.date).days <= STALE_DAYS):
                # "Women of childbearing potential ..." with it not given: a woman pregnant now
                # has it (only where the check asks for it: "Women who are not of childbearing
                # potential" is no question a pregnancy answers for the form's reading, review 15)
                status, reason, _ = outcomes[True]
                return (status, f"{reason} (pregnant: yes)", ())
            if var_id == "sex" and (state := female_by_state(ctx.values)) is not None:
                # "Women who are pregnant or breastfeeding" with the sex not given: a pregnant
                # patient is a woman (audit 14)
                status, reason, _ = outcomes["female"]
                return (status, f"{reason} ({label(state)}: yes)", ())
            return missing
        outcome = outcomes.get(reading.canonical)
        if outcome is None:
            return (UNKNOWN, f"{name}: {_word(reading.canonical)} cannot be compared with {expected}", needs)
        if stale and reading.date is not None and reading.canonical not in lasting \
                and (why := _stale(name, reading.date, ctx.as_of)) is not None:
            return (UNKNOWN, why, needs)
        if passing and reading.date is not None and (ctx.as_of - reading.date).days > STALE_DAYS:
            # "Current breast feeding" and a "yes" of two years ago (audit 14): a state that comes
            # and goes, recorded more than a month before screening, says nothing of today
            return (UNKNOWN, f"{name}: {_word(reading.canonical)}, recorded {(ctx.as_of - reading.date).days} days "
                             "before screening: whether it holds now is not known", needs)
        return outcome

    if check.window_days is not None:
        return _windowed(evaluate, var_id, check.window_days, check.months)
    return evaluate
