"""A clinical trial as trialview knows it, whatever registry page or file it came from."""

from __future__ import annotations

import hashlib
import re
from typing import Literal

from pydantic import BaseModel, Field

Sex = Literal["all", "female", "male"]


class Intervention(BaseModel):
    name: str
    type: str | None = None
    description: str | None = None


class Arm(BaseModel):
    label: str
    type: str | None = None
    description: str | None = None
    interventions: list[str] = Field(default_factory=list)


class Sponsor(BaseModel):
    name: str
    role: Literal["lead", "collaborator"] = "lead"


class Location(BaseModel):
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    status: str | None = None


class Contact(BaseModel):
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None


class Trial(BaseModel):
    """One trial. `eligibility_text` is normalised; `eligibility_original` is kept verbatim."""

    trial_id: str
    nct_id: str | None = None
    source_format: str = ""
    title: str
    official_title: str | None = None
    acronym: str | None = None
    summary: str | None = None
    status: str | None = None
    phase: str | None = None
    study_type: str | None = None
    enrollment: int | None = None
    conditions: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    interventions: list[Intervention] = Field(default_factory=list)
    arms: list[Arm] = Field(default_factory=list)
    sponsors: list[Sponsor] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    start_date: str | None = None
    completion_date: str | None = None
    last_updated: str | None = None
    min_age_years: float | None = None
    max_age_years: float | None = None
    sex: Sex | None = None
    healthy_volunteers: bool | None = None
    # the ages above were read from the eligibility prose, not from the record's age fields
    ages_from_text: bool = False
    eligibility_text: str = ""
    eligibility_original: str = ""
    inclusion_text: str = ""
    exclusion_text: str = ""

    @property
    def lead_sponsor(self) -> str | None:
        for sponsor in self.sponsors:
            if sponsor.role == "lead":
                return sponsor.name
        return self.sponsors[0].name if self.sponsors else None

    def search_blob(self) -> str:
        """Lower-cased words a user may type to find this trial."""
        parts = [self.trial_id, self.nct_id or "", self.title, self.official_title or "",
                 self.acronym or "", *self.conditions, *self.keywords,
                 *(i.name for i in self.interventions), *(s.name for s in self.sponsors)]
        return " ".join(p for p in parts if p).lower()


NCT_RE = re.compile(r"\bNCT\d{8}\b")
# The ids a stored trial may have: a ClinicalTrials.gov number, or content_id()'s derived form.
# Ids name files (worksheets) and travel into paths and terminals: nothing else is accepted.
_TRIAL_ID_RE = re.compile(r"NCT\d{8}|TV-[0-9A-F]{10}")


def is_trial_id(text: str) -> bool:
    """`NCT` and 8 digits, or `TV-` and 10 upper-case hex digits (content_id)."""
    return _TRIAL_ID_RE.fullmatch(text) is not None


def content_id(title: str, eligibility: str) -> str:
    """A stable id for a trial without an NCT number: same title and criteria, same id."""
    norm = re.sub(r"\s+", " ", f"{title}\n{eligibility}").strip().lower()
    return "TV-" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:10].upper()


_STATUS_LABELS = {
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "RECRUITING": "Recruiting",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "COMPLETED": "Completed",
    "WITHDRAWN": "Withdrawn",
    "UNKNOWN": "Unknown status",
    "UNKNOWN_STATUS": "Unknown status",
    "AVAILABLE": "Available",
    "NO_LONGER_AVAILABLE": "No longer available",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
    "APPROVED_FOR_MARKETING": "Approved for marketing",
    "WITHHELD": "Withheld",
}


_NON_LETTERS_RE = re.compile(r"[^A-Z]+")


def normalise_status(raw: str | None) -> str | None:
    """'RECRUITING', 'Recruiting', 'recruiting' -> 'Recruiting' (ClinicalTrials.gov's words)."""
    if not raw or not raw.strip():
        return None
    key = _NON_LETTERS_RE.sub("_", raw.strip().upper()).strip("_")
    return _STATUS_LABELS.get(key, raw.strip())


STATUSES = tuple(dict.fromkeys(_STATUS_LABELS.values()))


_PHASE_SEP_RE = re.compile(r"\s*/\s*|\s*,\s*")
_PHASE_RE = re.compile(r"(EARLY\s*)?PHASE\s*([0-4]|I{1,3}V?|IV)([AB])?")


def normalise_phase(raw: str | list[str] | None) -> str | None:
    """'PHASE1', 'Phase 1', ['PHASE1','PHASE2'], 'NA' -> 'Phase 1', 'Phase 1/Phase 2', 'N/A'."""
    if raw is None:
        return None
    items = raw if isinstance(raw, list) else _PHASE_SEP_RE.split(raw.strip())
    out = []
    for item in items:
        s = item.strip().upper().replace("_", " ")
        if not s:
            continue
        if s in {"NA", "N A", "N/A", "NOT APPLICABLE"}:
            out.append("N/A")
            continue
        m = _PHASE_RE.fullmatch(s)
        if m:
            roman = {"I": "1", "II": "2", "III": "3", "IV": "4"}
            num = roman.get(m.group(2), m.group(2))
            out.append(("Early Phase " if m.group(1) else "Phase ") + num)
        else:
            out.append(item.strip())
    return "/".join(dict.fromkeys(out)) or None


_AGE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(year|yr|month|week|day|hour|minute)?", re.I)


def parse_age_years(raw: str | None) -> float | None:
    """'18 Years', '6 Months', '18', 'N/A' -> years (None when there is no limit)."""
    if raw is None:
        return None
    m = _AGE_RE.search(raw)
    if not m:
        return None
    value = float(m.group(1))
    unit = (m.group(2) or "year").lower()
    per_year = {"year": 1, "yr": 1, "month": 12, "week": 52.1775, "day": 365.25,
                "hour": 8766, "minute": 525960}[unit]
    return round(value / per_year, 4)


def normalise_sex(raw: str | None) -> Sex | None:
    if not raw:
        return None
    s = raw.strip().lower()
    if s in {"all", "both", "any", "all genders", "both genders"}:
        return "all"
    if s.startswith("female") or s in {"women", "f"}:
        return "female"
    if s.startswith("male") or s in {"men", "m"}:
        return "male"
    return None
