"""Text hygiene shared by every importer and renderer: one normal form for criteria text."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

# C0 controls except tab and newline, DEL, and C1 controls: a trial file must not be able to
# move the cursor, change colours or set the terminal title when its text is shown. Nor may it
# reorder what a clinician reads: the bidirectional controls (the Arabic letter mark, LRM/RLM,
# the embeddings and overrides U+202A-202E, the isolates U+2066-2069) go too.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL_RE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_ESC_SEQ_RE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~=^])")
# Runs of spaces that are not already one plain space (a lone " " is left alone: most are).
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}"
                        r"|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# the same for text whose only spaces are " " (faster); a line's indentation is kept: it says how
# a list nests ("at least one of: - a - b" under its lead-in, in legacy XML and v2 Markdown alike)
_RUN_OF_SPACES_RE = re.compile("(?<=[^\n ])  +")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping tab and newline."""
    text = _ESC_SEQ_RE.sub("", text)
    return _CONTROL_RE.sub("", text)


def has_controls(text: str) -> bool:
    """Whether `strip_controls` would change `text` (escape sequences start with a control)."""
    return _CONTROL_RE.search(text) is not None


# Most strings (a city, a sponsor, a phase) need none of what normalise_text does.
_NEEDS_WORK_RE = re.compile(r"[\\&\r\t\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u2000-\u200d\u202f\u205f"
                            rf"\u2060\u3000\ufeff{BIDI_CONTROLS}]| \n|\n\n\n|  ")
# What of that can be in plain text (see `_is_plain`), looked for without a regex.
_PLAIN_WORK = ("\\", "&", "\t", "  ", " \n", "\n\n\n")


def _is_plain(text: str) -> bool:
    """No control, zero-width or exotic space character: printable text, spaces, tabs, newlines.

    Every character `normalise_text` removes or replaces (bar tabs) is unprintable, and most text
    has none of them, so most of its steps can be skipped.
    """
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def normalise_text(text: str) -> str:
    """Undo ClinicalTrials.gov v2 Markdown escapes and normalise line ends and odd spaces.

    `&#xD;` (a carriage return kept as an XML entity) and CRLF become newlines; non-breaking and
    other exotic spaces become plain spaces; zero-width characters go; at most one blank line.
    """
    plain = _is_plain(text)
    if not (any(s in text for s in _PLAIN_WORK) if plain else _NEEDS_WORK_RE.search(text)):
        return text.strip()
    if "&" in text:
        text = text.replace("&#xD;", "\n").replace("&#13;", "\n")
    if not plain:  # plain text has no carriage return, control or odd space
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _INVISIBLE_RE.sub("", text)
        text = strip_controls(text)
    if "\\" in text:
        text = _MD_ESCAPE_RE.sub(r"\1", text)
    if plain:
        text = _RUN_OF_SPACES_RE.sub(" ", text.replace("\t", " "))
    else:
        text = _SPACES_RE.sub(_one_space, text)
    if not plain or " \n" in text:
        text = "\n".join([line.rstrip() for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip()


def _one_space(m: re.Match[str]) -> str:
    """A run of odd spaces as one space; at a line's start as many spaces as it is wide (its
    indentation says how a list nests)."""
    at = m.start()
    if at == 0 or m.string[at - 1] == "\n":
        return " " * len(m.group().expandtabs(4))
    return " "


def one_line(text: str) -> str:
    """`normalise_text` with every run of whitespace made one space: a name, a city, a title."""
    if "\\" in text or "&" in text or not _is_plain(text):
        text = normalise_text(text)
    return " ".join(text.split())


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
# Letters and brackets the optional part before the word ("[(*", "Key ") can hold, lower-cased;
# whitespace too.
_PREFIX_CHARS = frozenset("[(*keymaingeneralmajor")
# Characters a case-insensitive regex matches to an ASCII letter although lower() does not make
# them that letter (dotted and dotless i, long s, Kelvin sign): text with one needs the regex.
ODD_CASE = "\u0130\u0131\u017f\u212a"


def _heading_matches(text: str, word: str) -> Iterator[re.Match[str]]:
    """`_HEAD_RES[word].finditer(text)`, trying the pattern only where the word itself occurs.

    A match holds the word once, after a prefix made of `_PREFIX_CHARS` and spaces only, so the
    leftmost match starts at most that far back from the next occurrence of the word.
    """
    pattern = _HEAD_RES[word]
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in ODD_CASE):
        yield from pattern.finditer(text)
        return
    pos = 0
    while (at := low.find(word, pos)) >= 0:
        start = at
        while start > pos and (low[start - 1] in _PREFIX_CHARS or low[start - 1].isspace()):
            start -= 1
        pos = at + 1
        for begin in range(start, at + 1):
            m = pattern.match(text, begin)
            if m:
                yield m
                pos = m.end()
                break


def _headings(text: str, word: str) -> list[re.Match[str]]:
    """Where `word` ("inclusion"/"exclusion") starts a section rather than being mentioned.

    A heading starts a line (after any bullet) or, in flattened one-line pages, ends with a colon
    or follows a full stop, semicolon, colon or bullet; "see exclusion criteria 3" is a mention.
    """
    out = []
    for m in _heading_matches(text, word):
        crit, colon = bool(m.group("crit")), bool(m.group("colon"))
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        capital = m.group(0).lstrip("[(*")[:1].isupper()
        if not before.strip(_LINE_LEAD):
            # A wrapped sentence may go on with "exclusion criteria and …" on a new line: without
            # a colon, a heading is capitalised or has the line to itself.
            line_end = text.find("\n", m.end())
            alone = not text[m.end(): len(text) if line_end < 0 else line_end].strip()
            ok = colon or (crit and (capital or alone))
        else:
            prev = before.rstrip()[-1:]
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


_TRAILING_BULLETS = "•*-–"


def _trim_section(text: str) -> str:
    # A bullet dot or dash left dangling before the next heading is no criterion.
    text = text.strip()
    end = len(text)
    while end and (text[end - 1] in _TRAILING_BULLETS or text[end - 1].isspace()):
        end -= 1
    if any(c in _TRAILING_BULLETS for c in text[end:]):
        text = text[:end]
    if text[:1] in (":", "："):
        text = text[1:]
    return text.strip()



def text_key(text: str) -> int:
    """A fingerprint of a criterion's text with whitespace collapsed: a hand decision belongs to
    the text it was made on (panel.md), and the matcher's compact plan keeps this, not the text."""
    return zlib.crc32(" ".join(text.split()).encode("utf-8"))
