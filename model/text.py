"""Text hygiene shared by every importer and renderer: one normal form for criteria text."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls: a trial file must not be able to
# move the cursor, change colours or set the terminal title when its text is shown.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ESC_SEQ_RE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~=^])")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping tab and newline."""
    text = _ESC_SEQ_RE.sub("", text)
    return _CONTROL_RE.sub("", text)


# Most strings (a city, a sponsor, a phase) need none of what normalise_text does.
_NEEDS_WORK_RE = re.compile(r"[\\&\r\t\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u2000-\u200d\u202f\u205f"
                            r"\u2060\u3000\ufeff]| \n|\n\n\n|  ")


def normalise_text(text: str) -> str:
    """Undo ClinicalTrials.gov v2 Markdown escapes and normalise line ends and odd spaces.

    `&#xD;` (a carriage return kept as an XML entity) and CRLF become newlines; non-breaking and
    other exotic spaces become plain spaces; zero-width characters go; at most one blank line.
    """
    if not _NEEDS_WORK_RE.search(text):
        return text.strip()
    text = text.replace("&#xD;", "\n").replace("&#13;", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    text = strip_controls(text)
    text = _MD_ESCAPE_RE.sub(r"\1", text)
    text = _SPACES_RE.sub(" ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def dedent_block(text: str) -> str:
    """Remove the common indentation of XML text blocks (legacy records indent by 6 spaces)."""
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines)


# "Inclusion Criteria", "INCLUSION CRITERIA:", "[Exclusion Criteria]", "**Inclusion criteria:**",
# "Key Exclusion Criteria", and, at the start of a line, the short "Inclusion:" of older records.
_HEAD_RES = {
    word: re.compile(
        rf"(?i)(?<![A-Za-z])[\[(*]*(?:(?:key|main|general|major)\s+)?{word}"
        r"(?P<crit>\s+criteri(?:a|on)\b)?[\])*]*(?P<colon>\s*[:：])?[\])*]*"
    )
    for word in ("inclusion", "exclusion")
}
_LINE_LEAD = " \t•*·>#-–"


def _headings(text: str, word: str) -> list[re.Match[str]]:
    """Where `word` ("inclusion"/"exclusion") starts a section rather than being mentioned.

    A heading starts a line (after any bullet) or, in flattened one-line pages, ends with a colon
    or follows a full stop, semicolon, colon or bullet; "see exclusion criteria 3" is a mention.
    """
    out = []
    for m in _HEAD_RES[word].finditer(text):
        crit, colon = bool(m.group("crit")), bool(m.group("colon"))
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        if not before.strip(_LINE_LEAD):
            ok = crit or colon
        else:
            prev = before.rstrip()[-1:]
            capital = m.group(0).lstrip("[(*")[:1].isupper()
            ok = crit and (colon or (capital and prev in ".;:•|"))
        if ok:
            out.append(m)
    return out


def split_sections(text: str) -> tuple[str, str]:
    """Split an eligibility block into its inclusion and exclusion text.

    Text with no headings counts as inclusion. Words before the inclusion heading (a preamble such
    as "Eligibility criteria:") stay with inclusion. Headings that only *mention* the other list
    ("see inclusion criteria 3") are not headings (see `_headings`). Blocks that list exclusions
    first, or repeat both lists per cohort, keep every part on its own side: an inclusion item
    read as an exclusion would turn a match upside down.
    """
    heads = sorted([(m, "inc") for m in _headings(text, "inclusion")]
                   + [(m, "exc") for m in _headings(text, "exclusion")],
                   key=lambda h: h[0].start())
    if not heads:
        return _trim_section(text), ""
    parts: dict[str, list[str]] = {"inc": [], "exc": []}
    for i, (m, kind) in enumerate(heads):
        stop = heads[i + 1][0].start() if i + 1 < len(heads) else len(text)
        parts[kind].append(_trim_section(text[m.end(): stop]))
    preamble = text[: heads[0][0].start()].strip()
    if preamble and not re.fullmatch(r"(?is)\W*(eligibility(\s+criteria)?)?\W*", preamble):
        if heads[0][1] == "inc":
            parts["inc"][0] = _trim_section(preamble) + "\n" + parts["inc"][0]
        else:  # only an exclusion heading: what comes before it is the inclusion list
            parts["inc"].insert(0, _trim_section(preamble))
    return ("\n\n".join(p for p in parts["inc"] if p),
            "\n\n".join(p for p in parts["exc"] if p))


def _trim_section(text: str) -> str:
    # A bullet dot or dash left dangling before the next heading is no criterion.
    text = text.strip()
    text = re.sub(r"(?:\s*[•*\-–]\s*)+$", "", text)
    text = re.sub(r"^(?:[:：]\s*)", "", text)
    return text.strip()
