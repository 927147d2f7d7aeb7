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


def normalise_text(text: str) -> str:
    """Undo ClinicalTrials.gov v2 Markdown escapes and normalise line ends and odd spaces.

    `&#xD;` (a carriage return kept as an XML entity) and CRLF become newlines; non-breaking and
    other exotic spaces become plain spaces; zero-width characters go; at most one blank line.
    """
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


_INC_HEAD = re.compile(
    r"(?im)(?:^|(?<=[\s:;.•*\-|]))(?:key\s+|main\s+|general\s+)?inclusion\s+criteri(?:a|on)\b\s*[:：]?"
)
_EXC_HEAD = re.compile(
    r"(?im)(?:^|(?<=[\s:;.•*\-|]))(?:key\s+|main\s+|general\s+)?exclusion\s+criteri(?:a|on)\b\s*[:：]?"
)


def split_sections(text: str) -> tuple[str, str]:
    """Split an eligibility block into its inclusion and exclusion text.

    Text with no headings counts as inclusion. Words before the inclusion heading (a preamble such
    as "Eligibility criteria:") stay with inclusion. Headings that only *mention* the other list
    ("see inclusion criteria 3") are not headings: a heading starts a line or follows a bullet,
    colon or semicolon.
    """
    inc = _INC_HEAD.search(text)
    exc = None
    for m in _EXC_HEAD.finditer(text):
        if inc is None or m.start() > inc.start():
            exc = m
            break
    if exc is None:
        body = text[inc.end():] if inc else text
        return _trim_section(body), ""
    if inc is not None and inc.start() < exc.start():
        before = text[: inc.start()].strip()
        inclusion = text[inc.end(): exc.start()]
        if before and not re.fullmatch(r"(?is)\W*(eligibility(\s+criteria)?)?\W*", before):
            inclusion = before + "\n" + inclusion
    else:
        inclusion = text[: exc.start()]
    return _trim_section(inclusion), _trim_section(text[exc.end():])


def _trim_section(text: str) -> str:
    # A bullet dot or dash left dangling before the next heading is no criterion.
    text = text.strip()
    text = re.sub(r"(?:\s*[•*\-–]\s*)+$", "", text)
    text = re.sub(r"^(?:[:：]\s*)", "", text)
    return text.strip()
