"""A trial web page saved as plain text, read as lines, and its fields found by their labels.

Pages print a field in three ways -- "Label" then the value on the next line, "Label Value" /
"Label: Value" on one line, and table rows "Label | Value |" -- and `PageLines` reads all three.
What the fields mean for a trial is `text_page`'s business.
"""

from __future__ import annotations

import functools
import re
import string
from typing import Any
from collections.abc import Callable, Iterator

from trialview.model.sources import clean
from trialview.model.text import ODD_CASE, has_controls, strip_controls

# Field -> its labels, most specific first ("Age group" before "Age").
LABELS: dict[str, list[str]] = {key: labels.split("|") for key, labels in {
    "title": "Brief title|Study title|Public title|Title",
    "official_title": "Official title|Scientific title",
    "acronym": "Acronym",
    "summary": "Brief Summary|Clinical Trial Summary|ClinConnect Summary|Study Summary|Summary"
               "|Brief description|Purpose",
    "status": "Recruitment Status|Overall Status|Trial Status|Study Status|Status",
    "phase": "Clinical Phase|Study Phase|Trial Phase|Phase",
    "study_type": "Study Type|Study Classification|Type of study",
    "enrollment": "Total Enrollment|Target Enrollment|Estimated Enrollment|Actual Enrollment"
                  "|Enrollment|Target number of participants|Number of participants|Sample size",
    "min_age": "Minimum Eligible Age|Minimum Age|Min Age|Lower age limit",
    "max_age": "Maximum Eligible Age|Maximum Age|Max Age|Upper age limit",
    "age_range": "Age group|Age range|Ages Eligible for Study|Ages|Age",
    "sex": "Eligible Sex|Sexes Eligible for Study|Genders Eligible|Sex|Gender",
    "healthy": "Accepts Healthy Volunteers|Healthy Volunteers",
    "start_date": "Study Start Date|Start Date|Study Start",
    "completion_date": "Study Completion Date|Estimated Completion Date|Est. completion date"
                       "|Completion Date|Primary Completion Date|Est. primary completion date",
    "last_updated": "Last Updated|Last update posted|Current as of|Trial updated",
    "conditions": "Conditions|Condition|Health condition",
    "keywords": "Keywords",
    "sponsor": "Lead Sponsor|Leads|Sponsor|Launched by|Source",
}.items()}
# Section headings that end a block or are never a value, on top of the field labels above.
_SECTIONS = [
    "Locations", "Study Design", "Sponsors", "Interventions", "Intervention", "Central Contacts",
    "Facility Contacts", "Contact Information", "Countries", "Outcome", "Outcomes", "Treatments",
    "Timeline", "Trial Officials", "Principal Investigators", "Responsible Party",
    "Other Identifiers", "Related Therapeutic Areas", "Participants", "Time Frame", "See also",
    "Detailed Description", "Study Results", "Basic Information", "Study Groups",
]
# Words too common at the start of a sentence to be read as a label without a colon or a pipe:
# "Title of ..." is a title, not the field Title.
_COLON_ONLY = {"title", "summary", "purpose", "condition", "conditions", "source", "sponsor",
               "keywords", "acronym", "age", "ages"}
_ALL_LABELS = sorted({lab.lower() for labs in LABELS.values() for lab in labs}
                     | {s.lower() for s in _SECTIONS}, key=len, reverse=True)

BULLETS = "•·▪◦●"
# Registry clones put a line addressed to the reader under each heading ("Review the ...").
BLURB_RE = re.compile(r"^(?:Review|Get|Dive|See|Understand|Learn|Check|Meet|Identify|Explore|"
                      r"Reach out|Find|Additional)\b.*\.$")

# A label can only match a line that starts with the label's first letters (lower-cased), unless
# the line holds an ODD_CASE character: such a line is tried against every label.
_ODD_CASE_RE = re.compile(f"[{ODD_CASE}]")


def _plain(line: str) -> str:
    """A line as fields are read from it: no controls, bullets or surrounding blanks."""
    line = strip_controls(line).replace("\u00a0", " ").strip()
    return line.lstrip(BULLETS + " \t").strip()


def _plain_no_controls(line: str) -> str:
    """`_plain` for a line known to hold no control characters."""
    return line.replace("\u00a0", " ").strip().lstrip(BULLETS + " \t").strip()


@functools.cache
def label_re(label: str) -> re.Pattern[str]:
    # Every field label is tried on many lines of a page: compile each once.
    return re.compile(r"(?i)" + r"\s+".join(map(re.escape, label.split())) + r"(?![A-Za-z])")


def _lead(text: str) -> str:
    """The ASCII letters `text` starts with, lower-cased: 'Est. completion date' -> 'est'."""
    return text[:len(text) - len(text.lstrip(string.ascii_letters))].lower()


class PageLines:
    """The lines of a page, and fields read from them by label."""

    def __init__(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.raw = text.split("\n")
        plain = _plain if has_controls(text) else _plain_no_controls
        self.lines = [plain(line) for line in self.raw]
        self.elig_lines: set[int] = set()
        # Line numbers by leading word, so a label is tried only on the lines it could match.
        self._by_lead: dict[str, list[int]] = {}
        self._odd: list[int] = []
        odd_text = _ODD_CASE_RE.search(text) is not None
        for i, line in enumerate(self.lines):
            if odd_text and _ODD_CASE_RE.search(line):
                self._odd.append(i)
            elif line:
                self._by_lead.setdefault(_lead(line), []).append(i)

    def _label_lines(self, label: str) -> list[int]:
        """Numbers of the lines that may carry `label`, in page order."""
        lines = self._by_lead.get(_lead(label), [])
        return sorted(lines + self._odd) if self._odd else lines

    def _next(self, i: int) -> int | None:
        """Index of the next non-empty line after i, skipping reader-addressed blurbs."""
        return next((j for j in range(i + 1, min(i + 8, len(self.lines)))
                     if self.lines[j] and not BLURB_RE.match(self.lines[j])), None)

    def _prev(self, i: int, ok: Callable[[str], bool] = bool, reach: int = 5) -> str | None:
        """The nearest non-empty line above i (within `reach`) that `ok` accepts."""
        return next((self.lines[k] for k in range(i - 1, max(i - reach - 1, -1), -1)
                     if self.lines[k] and ok(self.lines[k])), None)

    def _is_label_only(self, line: str) -> bool:
        return line.rstrip(" :：|").strip().lower() in _ALL_LABELS

    def _value_at(self, i: int, label: str) -> tuple[str, int] | None:
        """The value `label` has on line i (and the line it was found on), in any of the styles."""
        line = self.lines[i]
        m = label_re(label).match(line)
        if not m:
            return None
        rest = line[m.end():].strip()
        if rest.startswith("|"):
            value = rest[1:].rstrip().rstrip("|").strip()
            return (value, i) if value else None
        if rest in ("", ":", "："):
            j = self._next(i)
            if j is None or self._is_label_only(self.lines[j]) or j in self.elig_lines:
                return None
            return self.lines[j], j
        if rest[0] in ":：" or (line[m.end()].isspace() and label.lower() not in _COLON_ONLY):
            value = rest.lstrip(":：").strip()
            return (value, i) if value else None
        return None

    def _values(self, label: str) -> Iterator[tuple[str, int, int]]:
        """(value, line it is on, line of the label) for `label` outside the criteria, in order."""
        for i in self._label_lines(label):
            if i not in self.elig_lines:
                found = self._value_at(i, label)
                if found:
                    yield found[0], found[1], i

    def _has_label(self, i: int) -> bool:
        """Whether line i carries a value for any field label."""
        labels = (lab for labs in LABELS.values() for lab in labs)
        if i not in self._odd:
            lead = _lead(self.lines[i])
            labels = (lab for lab in labels if _lead(lab) == lead)
        return any(self._value_at(i, lab) for lab in labels)

    def find(self, key: str, parse: Callable[[str], Any] = clean) -> Any:
        """The first value of field `key` that `parse` accepts, by label priority then position."""
        return self.find_at(key, parse)[0]

    def find_at(self, key: str, parse: Callable[[str], Any] = clean) -> tuple[Any, int | None]:
        for label in LABELS[key]:
            for text, at, _ in self._values(label):
                value = parse(text)
                if value not in (None, "", []):
                    return value, at
        return None, None

    def _labelled(self, label: str) -> str | None:
        """The value of `label` printed on the label's own line, outside the criteria."""
        for text, at, i in self._values(label):
            if at == i:
                return clean(text)
        return None
