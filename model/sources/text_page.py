"""Trial web pages saved as plain text: registry clones, trial finders, summary pages.

No parser per site: `PageLines` reads the page as lines and finds fields by their labels; here
those fields become a trial. The eligibility block is found by its headings and bullets, and ends
where the page moves on to another section.
"""

from __future__ import annotations

import re

from trialview.model.sources import (SourceError, build_trial, clean, eligibility_fields, enum_label,
                           prose_ages, read_age, read_age_range, read_date, read_phase,
                           read_status, to_bool, to_int, unique)
from trialview.model.sources.page_lines import BLURB_RE, BULLETS, PageLines
from trialview.model.trial import (NCT_RE, Arm, Contact, Intervention, Location, Sponsor, Trial,
                         normalise_sex)

FORMAT = "text-page"

_ITEM_RE = re.compile(r"^(?:[•·▪◦●*\-–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_HEAD_INC = re.compile(r"(?i)^\[?(?:key\s+)?(?:inclusion|exclusion)(?:\s+criteri(?:a|on)|\s*:)")
_ELIG_HEAD = re.compile(r"(?i)^(?:eligibility(?:\s+criteria|\s+requirements)?|participation "
                        r"requirements|criteria(?:\s+for\s+participation)?)\s*:?$")
_PHONE_RE = re.compile(r"^\+?[\d][\d\s().-]{5,}\d$")
_EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_ROLE_RE = re.compile(r"^Role:\s*(.+)$", re.I)
_INTERVENTION_TYPES = ("Drug", "Biological", "Device", "Procedure", "Behavioral", "Radiation",
                       "Dietary Supplement", "Genetic", "Combination Product", "Diagnostic Test")
_ARM_TYPES = ("Experimental", "Active Comparator", "Placebo Comparator", "Sham Comparator",
              "No Intervention")
# Per-line patterns of the section readers, compiled once.
_KIND_RE = re.compile(rf"(?i)^({'|'.join(_INTERVENTION_TYPES)}|Other):\s*(.*)$")
_KIND_LINE_RE = re.compile(r"(?i)^Intervention Type:?\s+(\S.*)$")
_ARM_RE = re.compile(rf"(?i)^({'|'.join(_ARM_TYPES)}):\s*(\S.*)$")
_GROUP_TYPE_RE = re.compile(r"(?i)^Group Type:?\s+(\S+)$")
_SPONSOR_ROLE_RE = re.compile(r"(?i)^Sponsor Role:?\s+(lead|collaborator)\b")
_SITE_STATUS_RE = re.compile(r"(?i)^Site Status:?\s+(\S+)")
_RULE_RE = re.compile(r"[-|: ]+")
_NOT_TITLE_RE = re.compile(r"(?i)\blogo\b|\bdetails\b|:\s|#|\b(?:id|number)\b|clinical trials?$")


def parse(text: str) -> list[Trial]:
    return [_Page(text).trial()]


class _Page(PageLines):
    """One page: the eligibility block, then every field of the trial."""

    # ---- the eligibility block -------------------------------------------------------------

    def eligibility(self) -> tuple[str, str] | None:
        """(verbatim block, block made into lines) or None when the page has no criteria."""
        for label in ("Eligibility Criteria", "Eligibility", "Criteria"):
            for i in self._label_lines(label):
                found = self._value_at(i, label)
                if found and found[1] == i and (len(found[0]) > 60 or _HEAD_INC.match(found[0])):
                    self.elig_lines.add(i)
                    raw = self.raw[i]
                    at = raw.find(found[0][:30])
                    original = raw[at:].rstrip().rstrip("|").rstrip() if at >= 0 else found[0]
                    return original, _reflow(found[0])
        start = next((i for i, line in enumerate(self.lines) if _HEAD_INC.match(line)), None)
        if start is None:
            head = next((i for i, line in enumerate(self.lines) if _ELIG_HEAD.match(line)), None)
            if head is None:
                return None
            start = next((j for j in range(head + 1, min(head + 40, len(self.lines)))
                          if _ITEM_RE.match(self.raw[j].strip())), None)
            if start is None:
                return None
        end = start
        blank = False
        for j in range(start + 1, len(self.lines)):
            line = self.lines[j]
            if not line:
                blank = True
                continue
            if _HEAD_INC.match(line) or _ITEM_RE.match(self.raw[j].strip()):
                end, blank = j, False
                continue
            if self._is_label_only(line) or (blank and _heading_like(line)):
                break
            end, blank = j, False
        self.elig_lines.update(range(start, end + 1))
        original = "\n".join(self.raw[start:end + 1]).strip("\n")
        return original, "\n".join(_unbullet(self.raw[j]) for j in range(start, end + 1))

    # ---- the trial -------------------------------------------------------------------------

    def trial(self) -> Trial:
        block = self.eligibility()
        if block is None:
            raise SourceError("not a recognisable trial page: no eligibility criteria found")
        original, cleaned = block
        elig = eligibility_fields(original, cleaned)
        official, official_at = self.find_at("official_title")
        title, title_at = self.find_at("title")
        if not title:
            title, title_at = self._heading_title()
        if not title and official:
            title, title_at = official, official_at
        summary = self.find("summary", _prose)
        if summary is None and title_at is not None:
            # Some pages print the purpose, unlabelled, right under the title.
            j = self._next(title_at)
            summary = _prose(self.lines[j]) if j is not None and "|" not in self.lines[j] else None
        nct = self._nct()
        title = title or _aim(summary) or nct
        if not title:
            raise SourceError("not a recognisable trial page: no trial title found")
        min_age, max_age = self.find("min_age", read_age), self.find("max_age", read_age)
        ages_from_text = False
        if min_age is None and max_age is None:
            ranged = self.find("age_range", read_age_range)
            if ranged:
                min_age, max_age = ranged
            else:
                min_age, max_age = prose_ages(f"{summary or ''}\n{elig['eligibility_text']}")
                ages_from_text = min_age is not None or max_age is not None
        fields = {
            "nct_id": nct, "source_format": FORMAT, "title": title, "official_title": official,
            "acronym": self.find("acronym"), "summary": summary,
            "status": self.find("status", read_status) or self._bare_status(),
            "phase": self.find("phase", read_phase),
            "study_type": enum_label(self.find("study_type")),
            "enrollment": self.find("enrollment", to_int),
            "conditions": self._conditions(), "keywords": self._list("keywords"),
            "interventions": self._interventions(), "arms": self._arms(),
            "sponsors": self._sponsors(), "locations": self._locations(),
            "contacts": self._contacts(),
            "start_date": self.find("start_date", read_date),
            "completion_date": self.find("completion_date", read_date),
            "last_updated": self.find("last_updated", read_date),
            "min_age_years": min_age, "max_age_years": max_age, "ages_from_text": ages_from_text,
            "sex": self.find("sex", normalise_sex), "healthy_volunteers": self.find("healthy", to_bool),
            **elig,
        }
        return build_trial(fields)

    def _nct(self) -> str | None:
        # Pages list related trials ("NCT03843125 - A Study of ..."); those are not this trial.
        return next((m.group(0) for i, line in enumerate(self.lines) if i not in self.elig_lines
                     for m in NCT_RE.finditer(line)
                     if not re.match(r"\s*[-–—]", line[m.end():])), None)

    def _heading_title(self) -> tuple[str | None, int | None]:
        """The page's first headline-like line before its first field, if any."""
        for i, line in enumerate(self.lines[:12]):
            if not line:
                continue
            if self._is_label_only(line) or i in self.elig_lines or self._has_label(i):
                break
            if (len(line.split()) >= 4 and not NCT_RE.search(line) and "|" not in line
                    and not _NOT_TITLE_RE.search(line)
                    and not line.endswith(":")):
                return clean(line), i
        return None, None

    def _bare_status(self) -> str | None:
        return next((read_status(line.strip(" |")) for i, line in enumerate(self.lines)
                     if i not in self.elig_lines and read_status(line.strip(" |"))), None)

    def _conditions(self) -> list[str]:
        value = self.find("conditions")
        if value:
            return unique([c.strip() for c in value.split(";") if c.strip()])
        for line in self.lines[:5]:
            m = re.match(r"(?i)^(.+?)\s+clinical\s+trials?$", line)
            if m:
                return [m.group(1)]
        return []

    def _list(self, key: str) -> list[str]:
        value = self.find(key)
        return unique([v.strip() for v in re.split(r"[;,]", value) if v.strip()]) if value else []

    def _sponsors(self) -> list[Sponsor]:
        out = []
        for i, line in enumerate(self.lines):
            m = _SPONSOR_ROLE_RE.match(line)
            name = m and self._prev(i, lambda x: not re.fullmatch(r"[A-Z_]+", x))
            if m and name:
                # the pattern admits only these two words
                out.append(Sponsor(name=name, role="lead" if m.group(1).lower() == "lead" else "collaborator"))
        if not out:
            lead, at = self.find_at("sponsor", _sponsor_name)
            if lead == "Collaborator" and at is not None:  # a "Lead Sponsor | Collaborator" header
                rows = [j for j in range(at + 1, min(at + 5, len(self.lines)))
                        if self.lines[j] and not _RULE_RE.fullmatch(self.lines[j])]
                cells = _cells(self.lines[rows[0]]) if rows else []
                lead = cells[0] if cells else None
                out += [Sponsor(name=c, role="collaborator") for c in cells[1:] if c]
            if lead:
                out.insert(0, Sponsor(name=lead, role="lead"))
        return unique(out)

    def _locations(self) -> list[Location]:
        out: list[Location] = []
        for i, line in enumerate(self.lines):
            cells = [c.lower() for c in _cells(line)] if "|" in line else []
            if "country" in cells and ("city" in cells or "name" in cells):
                for row in self.lines[i + 1:]:
                    if "|" not in row:
                        break
                    if _RULE_RE.fullmatch(row) or len(_cells(row)) != len(cells):
                        continue
                    get = dict(zip(cells, _cells(row), strict=True))
                    out.append(Location(facility=get.get("name") or get.get("facility"),
                                        city=get.get("city") or None, state=get.get("state") or None,
                                        country=get.get("country") or None))
            m = _SITE_STATUS_RE.match(line)
            status = read_status(m.group(1)) if m else (
                read_status(line) if line.isupper() and self._under_locations(i) else None)
            if status:
                before = [k for k in range(i - 1, max(i - 6, -1), -1) if self.lines[k]]
                if m and len(before) >= 2:  # facility, "City, State, Country", Site Status X
                    place = [p.strip() for p in self.lines[before[0]].split(",")]
                    city, state, country = (place + [None, None])[:3] if len(place) == 3 else (
                        place[0], None, place[-1] if len(place) > 1 else None)
                    out.append(Location(facility=self.lines[before[1]], city=city, state=state,
                                        country=country, status=status))
                elif not m and before:  # country, facility, STATUS, city
                    after = self._next(i)
                    country = self.lines[before[1]] if len(before) > 1 else None
                    out.append(Location(
                        facility=self.lines[before[0]], status=status,
                        city=self.lines[after] if after is not None else None,
                        country=country if country and len(country.split()) <= 3
                        and not self._is_label_only(country) else None))
        return unique(out)

    def _under_locations(self, i: int) -> bool:
        return any(re.fullmatch(r"(?i)(?:other\s+)?locations", self.lines[k])
                   for k in range(max(i - 6, 0), i))

    def _contacts(self) -> list[Contact]:
        out = []
        for i, line in enumerate(self.lines):
            m = _ROLE_RE.match(line)
            if m:
                after = self._next(i)
                extra = self.lines[after] if after is not None else ""
                out.append(Contact(name=self._prev(i, reach=3), role=enum_label(m.group(1)),
                                   phone=extra if _PHONE_RE.match(extra) else None,
                                   email=extra if _EMAIL_RE.match(extra) else None))
            elif line.lower() in ("contact information", "trial officials"):
                people = [self.lines[k] for k in range(i + 1, min(i + 10, len(self.lines)))
                          if self.lines[k]][:4]
                role = None
                if people and people[0].lower() in ("primary", "backup", "central"):
                    role = people.pop(0)
                if not people:
                    continue
                rest = people[1:]
                if line.lower() == "trial officials":
                    out.append(Contact(name=people[0], role=rest[0] if rest else None))
                else:
                    out.append(Contact(name=people[0], role=role,
                                       email=next((p for p in rest if _EMAIL_RE.match(p)), None),
                                       phone=next((p for p in rest if _PHONE_RE.match(p)), None)))
        person = self._labelled("Contact")
        if person and person.lower() not in ("information", "details"):
            out.append(Contact(name=person, role="Contact", phone=self._labelled("Phone"),
                               email=self._labelled("Email")))
        return unique(out)

    def _interventions(self) -> list[Intervention]:
        out = []
        for i, line in enumerate(self.lines):
            if i in self.elig_lines:
                continue
            m = _KIND_RE.match(line)
            if m:
                name_at = i if m.group(2) else self._next(i)
                if name_at is None:
                    continue
                name = m.group(2) or self.lines[name_at]
                desc_at = self._next(name_at)
                desc = self.lines[desc_at] if desc_at is not None else None
                out.append(Intervention(name=name, type=m.group(1).capitalize(),
                                        description=_prose(desc) if desc else None))
            m = _KIND_LINE_RE.match(line)
            if m:
                name = self._prev(i, lambda x: len(x.split()) <= 8 and not re.search(r"[.:]", x), 4)
                if name and not self._is_label_only(name):
                    out.append(Intervention(name=name, type=enum_label(m.group(1))))
        by_name: dict[str, Intervention] = {}
        for item in out:
            if item.name not in by_name or (item.description and not by_name[item.name].description):
                by_name[item.name] = item
        return list(by_name.values())

    def _arms(self) -> list[Arm]:
        out = []
        for i, line in enumerate(self.lines):
            m = _ARM_RE.match(line)
            g = _GROUP_TYPE_RE.match(line)
            if m:
                j = self._next(i)
                out.append(Arm(label=m.group(2), type=m.group(1),
                               description=_prose(self.lines[j]) if j is not None else None))
            elif g:
                label = self._prev(i, reach=3)
                if label:
                    out.append(Arm(label=label, type=enum_label(g.group(1))))
        return out


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def _heading_like(line: str) -> bool:
    """A line that starts a new part of the page rather than continuing a criterion."""
    if re.match(r"^About\s+[A-Z]", line):
        return True
    words = line.split()
    return len(words) <= 5 and line[:1].isupper() and not re.search(r"[.;:,)]$", line)


def _unbullet(raw: str) -> str:
    # "• 1. Meet ..." keeps its number; an unnumbered "• Meet ..." becomes a "- " list item.
    line = raw.strip()
    if line and line[0] in BULLETS:
        rest = line[1:].strip()
        if re.match(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s", rest) or _HEAD_INC.match(rest):
            return rest
        return "- " + rest
    return line


def _reflow(flat: str) -> str:
    """Undo a page that flattened the criteria list onto one line ("...; - Next item")."""
    text = re.sub(r"\s*\b((?:Key\s+)?(?:Inclusion|Exclusion|INCLUSION|EXCLUSION)\s+"
                  r"(?:Criteria|criteria|CRITERIA)\s*:)\s*", r"\n\n\1\n", flat)
    text = re.sub(r"(?<=[.;:])\s+-\s+(?=[A-Za-z(\[])", "\n- ", text)
    text = re.sub(r"\s+-\s+(?=[A-Z(\[])", "\n- ", text)
    return text.strip()


def _prose(value: str) -> str | None:
    value = clean(value) or ""
    return value if len(value.split()) >= 8 and not BLURB_RE.match(value) else None


def _aim(summary: str | None) -> str | None:
    """A stand-in title for a page that prints none: what its summary says the study aims to do."""
    m = re.search(r"(?i)\b(?:aim|purpose|objective|goal)s?\s+of\s+(?:this|the)\s+(?:study|trial)"
                  r"\s+(?:is|are|was)\s+to\s+([^.]{10,200})", summary or "")
    return m.group(1)[0].upper() + m.group(1)[1:] if m else None


def _sponsor_name(value: str) -> str | None:
    name = clean(re.split(r"\s+[·•]\s+", value)[0].strip(" |"))
    if not name:
        return None
    if name.isupper() and len(name) > 6:
        name = name.title()
    return name
