"""Legacy ClinicalTrials.gov XML (`<clinical_study>`), as the classic site and AACT exported it."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import defusedxml
import defusedxml.ElementTree as SafeET

from trialview.model.sources import (SourceError, build_trial, clean, eligibility_fields, enum_label,
                           to_bool, to_int, unique)
from trialview.model.text import dedent_block, normalise_text
from trialview.model.trial import (Arm, Contact, Intervention, Location, Sponsor, Trial, normalise_phase,
                         normalise_sex, normalise_status, parse_age_years)

FORMAT = "ctgov-xml"


def parse(text: str) -> list[Trial]:
    root = _parse_xml(text)
    if root.tag == "clinical_study":
        studies = [root]
    else:
        # A hand-made bundle of records (<search_results><clinical_study/>...) is fine too.
        studies = root.findall("clinical_study")
        if not studies:
            raise SourceError(f"not a ClinicalTrials.gov record: root element is <{root.tag}>, "
                              "expected <clinical_study>")
    return [study_to_trial(s) for s in studies]


def _parse_xml(text: str) -> Element:
    # defusedxml, never the stdlib parser directly: a trial file from the internet must not be
    # able to expand entity bombs or make us read local files through external entities.
    try:
        return _tree(text)
    except defusedxml.EntitiesForbidden as exc:
        raise SourceError(f"XML entity declarations are not allowed (entity {exc.name!r})") from None
    except defusedxml.ExternalReferenceForbidden:
        raise SourceError("external references in XML are not allowed") from None
    except defusedxml.DTDForbidden:
        raise SourceError("XML document type declarations are not allowed") from None
    except ParseError as exc:
        raise SourceError(f"malformed XML: {exc}") from None
    except ValueError as exc:
        # e.g. an encoding declaration the parser will not honour on already-decoded text
        raise SourceError(f"malformed XML: {str(exc).splitlines()[0]}") from None


def _tree(text: str) -> Element:
    """`SafeET.fromstring(text)`, with elements built by ElementTree's C code where it can be.

    defusedxml's parser is the pure-Python `XMLParser`, which calls Python for every element only
    to rewrite namespaced names ("uri}tag" -> "{uri}tag"). A record without namespaces needs no
    rewriting, so expat hands elements straight to the C `TreeBuilder`; defusedxml's guards
    against entity declarations and external references stay installed either way.
    """
    builder = TreeBuilder()
    parser = SafeET.DefusedXMLParser(target=builder)
    if "xmlns" not in text and "xml:" not in text:
        expat = parser.parser
        expat.ordered_attributes = False  # attributes as the dict TreeBuilder.start takes
        expat.StartElementHandler = builder.start
        expat.EndElementHandler = builder.end
    parser.feed(text)
    root: Element = parser.close()
    return root


# ---- finding elements: plain tags only, so ElementTree stays on its fast C path --------------

def _find(node: Element | None, path: str) -> Element | None:
    """`node.find("a/b/c")`: the first match in document order, without ElementPath's overhead."""
    if node is None:
        return None
    if "/" not in path:
        return node.find(path)
    found: Element = node
    for tag in path.split("/"):
        child = found.find(tag)
        if child is None:  # the first <a> may lack the <b> a later <a> has
            return _find_deep(node, path)
        found = child
    return found  # the first <a>'s first <b>'s first <c> is the first match


def _find_deep(node: Element, path: str) -> Element | None:
    """`_find` trying every branch: each <a> in order, and in it each <b> in order."""
    head, _, rest = path.partition("/")
    if not rest:
        return node.find(head)
    for child in node.findall(head):
        found = _find_deep(child, rest)
        if found is not None:
            return found
    return None


def _find_all(node: Element, path: str) -> list[Element]:
    """Like `node.findall("a/b")`: every match, in document order."""
    head, _, rest = path.partition("/")
    if not rest:
        return node.findall(head)
    return [found for child in node.findall(head) for found in _find_all(child, rest)]


def _text(node: Element | None, path: str) -> str | None:
    found = _find(node, path)
    return clean(found.text) if found is not None else None


def _first_texts(parents: list[Element], tags: tuple[str, ...]) -> list[str | None]:
    """For each tag, the text of the first <tag> child of `parents`, taken in order.

    With `parents` the <a> elements of a node, that is `_text(node, f"a/{tag}")` for each tag.
    """
    if len(parents) == 1:  # as in every valid record
        found = [parents[0].find(tag) for tag in tags]
    else:
        found = [next((e for p in parents if (e := p.find(tag)) is not None), None) for tag in tags]
    return [clean(e.text) if e is not None else None for e in found]


def _texts(node: Element, path: str) -> list[str]:
    return unique([s for s in (clean(e.text) for e in _find_all(node, path)) if s])


def _block(node: Element | None, path: str) -> str | None:
    """A <textblock>: indented by the exporter and with &#xD; line ends; made plain."""
    found = _find(node, path)
    if found is None or not found.text:
        return None
    return normalise_text(dedent_block(_unix(found.text))) or None


def _sentence(value: str | None) -> str | None:
    # API v2 says PRINCIPAL_INVESTIGATOR, the XML "Principal Investigator": one spelling for both.
    return value[:1].upper() + value[1:].lower() if value else None


def eligibility_of(original: str) -> dict[str, str]:
    """The eligibility fields of a Trial from the <textblock>'s verbatim text."""
    return eligibility_fields(original, dedent_block(_unix(original)))


def _unix(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def study_to_trial(study: Element) -> Trial:
    nct = _text(study, "id_info/nct_id")
    title = _text(study, "brief_title") or _text(study, "official_title") or nct
    elig = study.find("eligibility")
    fields = {
        "nct_id": nct,
        "source_format": FORMAT,
        "title": title,
        "official_title": _text(study, "official_title"),
        "acronym": _text(study, "acronym"),
        "summary": _block(study, "brief_summary/textblock"),
        "status": normalise_status(_text(study, "overall_status")),
        "phase": normalise_phase(_text(study, "phase")),
        "study_type": enum_label(_text(study, "study_type")),
        "enrollment": to_int(_text(study, "enrollment")),
        "conditions": _texts(study, "condition"),
        "keywords": _texts(study, "keyword"),
        "interventions": _interventions(study),
        "arms": _arms(study),
        "sponsors": _sponsors(study),
        "locations": _locations(study),
        "contacts": _contacts(study),
        "start_date": _text(study, "start_date"),
        "completion_date": _text(study, "completion_date")
        or _text(study, "primary_completion_date"),
        "last_updated": _text(study, "last_update_posted")
        or _text(study, "last_update_submitted"),
        "min_age_years": parse_age_years(_text(elig, "minimum_age")),
        "max_age_years": parse_age_years(_text(elig, "maximum_age")),
        "sex": normalise_sex(_text(elig, "gender")),
        "healthy_volunteers": to_bool(_text(elig, "healthy_volunteers")),
    }
    block = _find(elig, "criteria/textblock")
    if block is not None and block.text and block.text.strip():
        fields.update(eligibility_of(block.text))
    return build_trial(fields)


def _interventions(study: Element) -> list[Intervention]:
    out = []
    for node in study.findall("intervention"):
        name = _text(node, "intervention_name")
        if name:
            out.append(Intervention(name=name, type=enum_label(_text(node, "intervention_type")),
                                    description=_text(node, "description")))
    return unique(out)


def _arms(study: Element) -> list[Arm]:
    # Legacy records link the other way round: each intervention lists its arms.
    used_by: dict[str, list[str]] = {}
    for node in study.findall("intervention"):
        name = _text(node, "intervention_name")
        kind = _text(node, "intervention_type")
        for arm in _texts(node, "arm_group_label"):
            if name:
                used_by.setdefault(arm, []).append(f"{kind}: {name}" if kind else name)
    out = []
    for node in study.findall("arm_group"):
        label = _text(node, "arm_group_label")
        if label:
            out.append(Arm(label=label, type=_sentence(_text(node, "arm_group_type")),
                           description=_text(node, "description"),
                           interventions=unique(used_by.get(label, []))))
    return out


def _sponsors(study: Element) -> list[Sponsor]:
    out = []
    lead = _text(study, "sponsors/lead_sponsor/agency")
    if lead:
        out.append(Sponsor(name=lead, role="lead"))
    for name in _texts(study, "sponsors/collaborator/agency"):
        out.append(Sponsor(name=name, role="collaborator"))
    return unique(out)


def _locations(study: Element) -> list[Location]:
    out = []
    for node in study.findall("location"):
        facilities = node.findall("facility")
        addresses = [a for f in facilities for a in f.findall("address")]
        (name,) = _first_texts(facilities, ("name",))
        city, state, country = _first_texts(addresses, ("city", "state", "country"))
        status = normalise_status(_text(node, "status"))
        if name or city or state or country or status:  # else an empty Location()
            out.append(Location(facility=name, city=city, state=state, country=country,
                                status=status))
    return out


def _person(node: Element, role: str | None) -> Contact | None:
    parts = [_text(node, tag) for tag in ("first_name", "middle_name", "last_name")]
    name = " ".join(p for p in parts if p) or None
    degrees = _text(node, "degrees")
    if name and degrees:
        name = f"{name}, {degrees}"
    phone = _text(node, "phone")
    ext = _text(node, "phone_ext")
    if phone and ext:
        phone = f"{phone} ext {ext}"
    contact = Contact(name=name, role=_sentence(_text(node, "role")) or role, phone=phone,
                      email=_text(node, "email"))
    return contact if (contact.name or contact.phone or contact.email) else None


def _contacts(study: Element) -> list[Contact]:
    nodes: list[tuple[Element, str | None]] = [
        *((n, "Contact") for n in study.findall("overall_contact")),
        *((n, "Contact backup") for n in study.findall("overall_contact_backup")),
        *((n, None) for n in study.findall("overall_official")),
    ]
    for loc in study.findall("location"):
        nodes += [(n, "Facility contact") for n in loc.findall("contact")]
        nodes += [(n, "Facility contact backup") for n in loc.findall("contact_backup")]
        nodes += [(n, None) for n in loc.findall("investigator")]
    return unique([c for c in (_person(n, r) for n, r in nodes) if c])
