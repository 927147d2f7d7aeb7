"""ClinicalTrials.gov API v2 JSON: one study, a list of studies, or a `{"studies": [...]}` page."""

from __future__ import annotations

import json
from typing import Any

from trialview.model.sources import (SourceError, build_trial, clean, eligibility_fields, enum_label,
                           to_bool, to_int, unique)
from trialview.model.text import normalise_text
from trialview.model.trial import (Arm, Contact, Intervention, Location, Sponsor, Trial, normalise_phase,
                         normalise_sex, normalise_status, parse_age_years)

FORMAT = "ctgov-json"


def parse(text: str) -> list[Trial]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"invalid JSON at line {exc.lineno} column {exc.colno}: "
                          f"{exc.msg[:1].lower()}{exc.msg[1:]}") from None
    except RecursionError:
        raise SourceError("invalid JSON: nested too deeply") from None
    studies = _studies(data)
    trials = []
    for n, study in enumerate(studies, 1):
        try:
            trials.append(study_to_trial(study))
        except SourceError as exc:
            if len(studies) == 1:
                raise
            raise SourceError(f"study {n} of {len(studies)}: {exc}") from None
    return trials


def _studies(data: Any) -> list[Any]:
    if isinstance(data, dict):
        if "protocolSection" in data:
            return [data]
        if isinstance(data.get("studies"), list):
            studies: list[Any] = data["studies"]
        elif "FullStudiesResponse" in data or "FullStudy" in data or "StudyFieldsResponse" in data:
            raise SourceError("no protocolSection: this looks like the retired classic API "
                              "(FullStudiesResponse), not API v2")
        else:
            keys = ", ".join(list(data)[:4]) or "nothing"
            raise SourceError(f"not a ClinicalTrials.gov study: no protocolSection "
                              f"(top-level keys: {keys})")
    elif isinstance(data, list):
        studies = data
    else:
        raise SourceError(f"wrong-shaped JSON: expected a study object, a list of studies or "
                          f'a {{"studies": [...]}} page, got {_kind(data)}')
    if not studies:
        raise SourceError("no studies in the file")
    return studies


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def _get(node: Any, *path: str) -> Any:
    """Walk nested dicts; anything missing or of the wrong shape is None, never an exception."""
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _list(node: Any, *path: str) -> list[Any]:
    value = _get(node, *path)
    return value if isinstance(value, list) else []


def _dicts(node: Any, *path: str) -> list[dict[str, Any]]:
    return [x for x in _list(node, *path) if isinstance(x, dict)]


def _strings(node: Any, *path: str) -> list[str]:
    return unique([s for s in (clean(x) for x in _list(node, *path)) if s])


def study_to_trial(study: Any) -> Trial:
    if not isinstance(study, dict):
        raise SourceError(f"not a ClinicalTrials.gov study: expected an object, got {_kind(study)}")
    proto = study.get("protocolSection")
    if not isinstance(proto, dict):
        if "FullStudy" in study or "Study" in study:
            raise SourceError("no protocolSection: this looks like the retired classic API "
                              "(FullStudiesResponse), not API v2")
        raise SourceError("not a ClinicalTrials.gov study: no protocolSection")
    ident = _get(proto, "identificationModule")
    if not isinstance(ident, dict):
        raise SourceError("not a ClinicalTrials.gov study: no identificationModule")
    nct = clean(ident.get("nctId"))
    title = clean(ident.get("briefTitle")) or clean(ident.get("officialTitle")) or nct

    status = _get(proto, "statusModule")
    design = _get(proto, "designModule")
    elig = _get(proto, "eligibilityModule")
    criteria = _get(elig, "eligibilityCriteria")
    phases = [p for p in _list(design, "phases") if isinstance(p, str)]

    fields: dict[str, Any] = {
        "nct_id": nct,
        "source_format": FORMAT,
        "title": title,
        "official_title": clean(ident.get("officialTitle")),
        "acronym": clean(ident.get("acronym")),
        "summary": _paragraphs(_get(proto, "descriptionModule", "briefSummary")),
        "status": normalise_status(clean(_get(status, "overallStatus"))),
        "phase": normalise_phase(phases) if phases else None,
        "study_type": enum_label(_get(design, "studyType")),
        "enrollment": to_int(_get(design, "enrollmentInfo", "count")),
        "conditions": _strings(proto, "conditionsModule", "conditions"),
        "keywords": _strings(proto, "conditionsModule", "keywords"),
        "interventions": _interventions(proto),
        "arms": _arms(proto),
        "sponsors": _sponsors(proto),
        "locations": _locations(proto),
        "contacts": _contacts(proto),
        "start_date": clean(_get(status, "startDateStruct", "date")),
        "completion_date": clean(_get(status, "completionDateStruct", "date"))
        or clean(_get(status, "primaryCompletionDateStruct", "date")),
        "last_updated": clean(_get(status, "lastUpdatePostDateStruct", "date"))
        or clean(_get(status, "lastUpdateSubmitDate")),
        "min_age_years": parse_age_years(clean(_get(elig, "minimumAge"))),
        "max_age_years": parse_age_years(clean(_get(elig, "maximumAge"))),
        "sex": normalise_sex(clean(_get(elig, "sex"))),
        "healthy_volunteers": to_bool(_get(elig, "healthyVolunteers")),
    }
    if isinstance(criteria, str) and criteria.strip():
        fields.update(eligibility_fields(criteria))
    return build_trial(fields)


def _paragraphs(value: Any) -> str | None:
    return normalise_text(value) or None if isinstance(value, str) else None


def _interventions(proto: dict[str, Any]) -> list[Intervention]:
    out = []
    for item in _dicts(proto, "armsInterventionsModule", "interventions"):
        name = clean(item.get("name"))
        if name:
            out.append(Intervention(name=name, type=enum_label(item.get("type")),
                                    description=_paragraphs(item.get("description"))))
    return unique(out)


def _arms(proto: dict[str, Any]) -> list[Arm]:
    out = []
    for item in _dicts(proto, "armsInterventionsModule", "armGroups"):
        label = clean(item.get("label"))
        if label:
            out.append(Arm(label=label, type=enum_label(item.get("type")),
                           description=_paragraphs(item.get("description")),
                           interventions=_strings(item, "interventionNames")))
    return out


def _sponsors(proto: dict[str, Any]) -> list[Sponsor]:
    module = _get(proto, "sponsorCollaboratorsModule")
    out = []
    lead = clean(_get(module, "leadSponsor", "name"))
    if lead:
        out.append(Sponsor(name=lead, role="lead"))
    for item in _dicts(module, "collaborators"):
        name = clean(item.get("name"))
        if name:
            out.append(Sponsor(name=name, role="collaborator"))
    return unique(out)


def _locations(proto: dict[str, Any]) -> list[Location]:
    out = []
    for item in _dicts(proto, "contactsLocationsModule", "locations"):
        facility, city = clean(item.get("facility")), clean(item.get("city"))
        state, country = clean(item.get("state")), clean(item.get("country"))
        status = normalise_status(clean(item.get("status")))
        if facility or city or state or country or status:  # else an empty Location()
            out.append(Location(facility=facility, city=city, state=state, country=country,
                                status=status))
    return out


def _contacts(proto: dict[str, Any]) -> list[Contact]:
    module = _get(proto, "contactsLocationsModule")
    people = _dicts(module, "centralContacts") + _dicts(module, "overallOfficials")
    for loc in _dicts(module, "locations"):
        people += _dicts(loc, "contacts")
    out = []
    for item in people:
        contact = Contact(name=clean(item.get("name")), role=enum_label(item.get("role")),
                          phone=clean(item.get("phone")), email=clean(item.get("email")))
        if contact.name or contact.phone or contact.email:
            out.append(contact)
    return unique(out)
