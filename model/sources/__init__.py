"""Importers: the text of a trial file in, `Trial`s out, one module per format.

Callers read the file; these functions only see its text, so the model never touches the disk.
Every failure is a `SourceError` whose message is one line a clinician can act on.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from trialview.model.text import normalise_text, one_line, split_sections
from trialview.model.trial import (STATUSES, Trial, content_id, is_trial_id, normalise_phase,
                                   normalise_status, parse_age_years)

FORMATS = ("ctgov-json", "ctgov-xml", "text-page")


class SourceError(ValueError):
    """A file that cannot be read as a trial; the message says why in one line."""


def detect_format(text: str, name: str = "") -> str:
    """'ctgov-json', 'ctgov-xml' or 'text-page', judged by the content (the name is a tie-break)."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head:
        raise SourceError("empty input: no trial text")
    if head[0] in "{[":
        return "ctgov-json"
    if head[0] == "<":
        return "ctgov-xml"
    if head[0] in '"-0123456789tfn' and _is_json(head):
        return "ctgov-json"  # a bare JSON value: wrong-shaped JSON, not a page of prose
    # A file named .json/.xml that is neither should fail as what it claims to be: "invalid JSON
    # at line 1" says more than "no trial title found".
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "json":
        return "ctgov-json"
    if suffix == "xml":
        return "ctgov-xml"
    return "text-page"


def _is_json(text: str) -> bool:
    import json
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def parse_trials(text: str, name: str = "") -> list[Trial]:
    """Detect the format of `text` and import every trial in it."""
    if not isinstance(text, str):
        raise SourceError(f"expected text, got {type(text).__name__}")
    fmt = detect_format(text, name)
    text = text.lstrip("\ufeff")
    # Imported here, not at the top: the format modules import helpers from this package.
    if fmt == "ctgov-json":
        from trialview.model.sources import ctgov_json
        return ctgov_json.parse(text)
    if fmt == "ctgov-xml":
        from trialview.model.sources import ctgov_xml
        return ctgov_xml.parse(text)
    from trialview.model.sources import text_page
    return text_page.parse(text)


# ---- helpers shared by the format modules ----------------------------------------------------

def eligibility_fields(original: str, cleaned: str | None = None) -> dict[str, str]:
    """The four eligibility fields of a Trial from the verbatim block (and its cleaned form)."""
    text = normalise_text(original if cleaned is None else cleaned)
    inclusion, exclusion = split_sections(text)
    return {"eligibility_original": original, "eligibility_text": text,
            "inclusion_text": inclusion, "exclusion_text": exclusion}


def eligibility_again(trial: Trial) -> Trial:
    """The trial with its eligibility fields read again from its verbatim block as the importer
    reads it now (its id kept): a store written by an older release keeps them as that release
    read them (until session 7 a list's indentation was flattened, so sub-lists became items of
    their own); the verbatim block is kept, so nothing needs importing again. A page saved as
    text is kept as it was (its fields come from the page's lines, not from the block alone)."""
    original = trial.eligibility_original
    if not original.strip() or trial.source_format not in ("ctgov-xml", "ctgov-json"):
        return trial
    if trial.source_format == "ctgov-xml":
        from trialview.model.sources import ctgov_xml
        fields = ctgov_xml.eligibility_of(original)
    else:
        fields = eligibility_fields(original)
    if all(getattr(trial, name) == value for name, value in fields.items()):
        return trial
    return trial.model_copy(update=fields)


def build_trial(fields: dict[str, Any]) -> Trial:
    """Fill in trial_id and validate; a schema error becomes a one-line SourceError."""
    fields = {k: v for k, v in fields.items() if v is not None}
    title = (fields.get("title") or "").strip()
    if not title:
        raise SourceError("no trial title found")
    fields["title"] = title
    nct = fields.get("nct_id")
    if nct is not None:
        given = str(nct).strip()
        nct = fields["nct_id"] = given.upper()
        if not is_trial_id(nct) or not nct.startswith("NCT"):
            # ids name files (worksheets) and reach terminals: "NCT1/../../x" is refused
            raise SourceError(f"the trial id {given[:40]!r} is not an NCT number (NCT and 8 digits): "
                              "not imported")
    fields["trial_id"] = nct or content_id(title, fields.get("eligibility_text", ""))
    try:
        return Trial(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ())) or "record"
        raise SourceError(f"bad value for {where}: {err.get('msg', 'invalid')}") from None


def clean(value: Any) -> str | None:
    """A stripped one-line string, or None for missing / blank / non-text values."""
    if isinstance(value, str):
        return one_line(value) or None
    if value is None or isinstance(value, (dict, list)):
        return None
    return one_line(str(value)) or None


def enum_label(value: Any) -> str | None:
    """'PRINCIPAL_INVESTIGATOR' -> 'Principal investigator'; mixed-case words stay as written."""
    s = clean(value)
    if s and s.upper() == s and any(c.isalpha() for c in s):
        return s.replace("_", " ").capitalize()
    return s


_INT_RE = re.compile(r"\s*(\d[\d,]*)")


def to_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    m = _INT_RE.match(str(value or ""))
    return int(m.group(1).replace(",", "")) if m else None


def to_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    s = (clean(value) or "").lower()
    if s in {"yes", "y", "true", "t", "1", "accepts healthy volunteers"}:
        return True
    if s in {"no", "n", "false", "f", "0"}:
        return False
    return None


def unique(items: list[Any]) -> list[Any]:
    """Drop repeats, keeping first-seen order (models compare by value)."""
    out: list[Any] = []
    seen: set[Any] = set()
    for item in items:
        key = _value_key(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _value_key(item: Any) -> Any:
    """A hashable stand-in equal for equal items: a model by its type and field values."""
    if isinstance(item, BaseModel):
        return type(item), tuple(tuple(v) if isinstance(v, list) else v
                                 for v in item.__dict__.values())
    return item


# ---- value readers for loosely printed fields (web pages): None when the text is not one ----

_DATE_RE = re.compile(r"^(?:\d{4}-\d{2}(?:-\d{2})?|[A-Z][a-z]+\.? \d{1,2}, \d{4}|[A-Z][a-z]+ \d{4}"
                      r"|\d{1,2} [A-Z][a-z]+ \d{4})\b")


def read_status(value: str) -> str | None:
    status = normalise_status(value)
    return status if status in STATUSES else None


def read_phase(value: str) -> str | None:
    phase = normalise_phase(value)
    ok = r"(?:Early Phase \d|Phase \d|N/A)(?:/(?:Early Phase \d|Phase \d|N/A))*"
    return phase if phase and re.fullmatch(ok, phase) else None


def read_date(value: str) -> str | None:
    """'2025-03-16', 'June 1, 2024', 'May 2022' at the start of the value; else None."""
    m = _DATE_RE.match(clean(value) or "")
    return m.group(0) if m else None


def read_age(value: str) -> float | None:
    return parse_age_years(value) if re.search(r"\d", value) else None


def read_age_range(value: str) -> tuple[float | None, float | None] | None:
    """'18 Years to 65 Years', '18-65 years', '18 Years and older', 'up to 12 Years'."""
    nums = re.findall(r"\d+(?:\.\d+)?\s*(?:years?|yrs?|months?|weeks?|days?)?", value, re.I)
    if len(nums) >= 2:
        return parse_age_years(nums[0]), parse_age_years(nums[1])
    if len(nums) == 1:
        if re.search(r"(?i)up to|under|younger|below|<", value):
            return None, parse_age_years(nums[0])
        return parse_age_years(nums[0]), None
    return None


def prose_ages(text: str) -> tuple[float | None, float | None]:
    """'must be between 18 and 65 years old', 'Aged 18-65 years' -> (18, 65)."""
    m = re.search(r"(?i)\b(?:between|aged?|ages?|from)\s+(\d{1,3})\s*(?:years?\s*)?"
                  r"(?:-|–|to|and)\s*(\d{1,3})\s*(?:years|yrs|y/o|year-old)", text)
    return (float(m.group(1)), float(m.group(2))) if m else (None, None)
