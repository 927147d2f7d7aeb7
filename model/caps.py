"""Bounds on what one trial may cost: at most MAX_CRITERIA criteria are read per trial.

A record with 174,762 criteria (a 19 MB XML) took 1.9 GB to import and froze the app when it
opened. The text past the bound is not parsed at all (MAX_SECTION_LINES / MAX_SECTION_CHARS cut
it before the parser sees it, so the parser's memory is bounded too), and the tree keeps at most
MAX_CRITERIA criteria. What is cut is never silently dropped: each section that lost text ends
with a criterion for a person (`manual`) saying how much was not read, so such a trial is never
`eligible` (the rule: never say more than was read).
"""

from __future__ import annotations

from trialview.model.criteria.tree import CriteriaTree, CriterionNode

MAX_CRITERIA = 1000                      # criteria read per trial (both sections together)
LINES_PER_CRITERION = 4                  # text kept before parsing: generous for wrapped items
MAX_SECTION_CHARS = 400_000              # the longest real sections are a few tens of thousands

_PREFIX = {"inclusion": "inc", "exclusion": "exc"}


def cut_section_text(text: str) -> tuple[str, int]:
    """(the text the parser reads, how many characters after it it does not read)."""
    max_lines = MAX_CRITERIA * LINES_PER_CRITERION
    if len(text) <= MAX_SECTION_CHARS and text.count("\n") < max_lines:
        return text, 0
    kept: list[str] = []
    size = 0
    for line in text.split("\n"):
        if len(kept) >= max_lines or size + len(line) > MAX_SECTION_CHARS:
            if size == 0 and line:          # one enormous line: keep its start
                kept.append(line[:MAX_SECTION_CHARS])
            break
        kept.append(line)
        size += len(line) + 1
    read = "\n".join(kept)
    return read, len(text) - len(read)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _cut_note(section: str, dropped: int, chars_cut: int) -> CriterionNode:
    parts = []
    if dropped:
        parts.append(_plural(dropped, "more criterion", "more criteria"))
    if chars_cut:
        parts.append(_plural(chars_cut, "more character", "more characters") + " of text")
    return CriterionNode(
        id=f"{_PREFIX[section]}-cut", kind="criterion", section=section,  # type: ignore[arg-type]
        manual=True,
        text=(f"Not read: this {section} section is longer than trialview reads (at most "
              f"{MAX_CRITERIA:,} criteria per trial, {MAX_SECTION_CHARS:,} characters and "
              f"{MAX_CRITERIA * LINES_PER_CRITERION:,} lines per section): {' and '.join(parts)} "
              "past that bound. A person must check the rest of the trial's text."))


def cap_tree(tree: CriteriaTree, lines_cut: dict[str, int] | None = None) -> CriteriaTree:
    """At most MAX_CRITERIA criteria (counting sub-clauses) in the tree; each section that lost
    criteria, or whose text was cut before parsing (`lines_cut`: characters cut, by section),
    ends with a manual criterion saying so. Returns the same tree when nothing is cut."""
    lines_cut = lines_cut or {}
    sizes = [[sum(1 for _ in child.walk()) for child in section.children] for section in tree.sections]
    total = sum(map(sum, sizes))
    if total <= MAX_CRITERIA and not any(lines_cut.values()):
        return tree
    # Each section gets at least half the bound when the other needs more than its half.
    budgets = []
    for i, _ in enumerate(tree.sections):
        others = sum(sum(s) for j, s in enumerate(sizes) if j != i)
        budgets.append(MAX_CRITERIA - min(others, MAX_CRITERIA // 2) if len(sizes) > 1 else MAX_CRITERIA)
    for section, child_sizes, budget in zip(tree.sections, sizes, budgets, strict=True):
        name = section.section or "inclusion"
        kept = len(child_sizes)
        if sum(child_sizes) > budget:
            used = kept = 0
            for size in child_sizes:
                if used + size > budget - 1:         # room for the note
                    break
                used += size
                kept += 1
        dropped = len(child_sizes) - kept
        if dropped:
            del section.children[len(child_sizes) - dropped:]
        if dropped or lines_cut.get(name):
            section.children.append(_cut_note(name, dropped, lines_cut.get(name, 0)))
    return tree


def parse_capped(inclusion_text: str, exclusion_text: str) -> CriteriaTree:
    """parse_criteria within the bounds: what every importer and `trialview parse` use."""
    from trialview.model.criteria import parse_criteria

    inclusion, inc_cut = cut_section_text(inclusion_text or "")
    exclusion, exc_cut = cut_section_text(exclusion_text or "")
    return cap_tree(parse_criteria(inclusion, exclusion), {"inclusion": inc_cut, "exclusion": exc_cut})


def parse_section_capped(text: str, section: str) -> CriterionNode:
    """parse_section within the bounds."""
    from trialview.model.criteria import parse_section

    kept, cut = cut_section_text(text or "")
    node = parse_section(kept, section)
    return cap_tree(CriteriaTree(sections=[node]), {section: cut}).sections[0]
