"""What no check of a criterion reads: kept as its `unread` clauses, joined as its words join.

coverage.py says which words the checks and the filler cover; this module hangs the remainder
on the criterion's and/or structure: a clause that qualifies a check goes with that check (all),
one offered by "or" is its alternative (any), a clause of its own joins as the section joins
clauses (an exclusion's: one more way to be excluded; an inclusion's: one more requirement).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from trialview.model.criteria.checks import BROADENS, Extraction, list_any_words
from trialview.model.criteria.coverage import Coverage, cover
from trialview.model.criteria.either_or import before_either as _before_either
from trialview.model.criteria.headings import read_but_organs
from trialview.model.criteria.lettered import next_item
from trialview.model.criteria.lexicon import PATHOGEN, WINDOW_RX, may_window
from trialview.model.criteria.list_gaps import ACRONYM_AFTER, listed_spans
from trialview.model.criteria.patterns import lower_of, lowers_alike
from trialview.model.criteria.scopes import ADJACENT, denied_before, denied_together, measured, with_or_diseases
from trialview.model.criteria.tree import Check, CriterionNode, Logic, SectionName, assign, criterion, for_a_person
from trialview.model.vocabulary import BY_ID



def keep_unread(node: CriterionNode, text: str, ex: Extraction, section: SectionName) -> None:
    """Keep what the checks of text do not cover as unread clauses, each joined where its
    words join it: a clause that qualifies a check ("other autoimmune diseases requiring
    systemic therapy") goes with that check (all), one offered beside a check by "or" ("either
    SLEDAI-2K >= 6 or a BILAG A score") is its alternative (any), and a clause of its own is
    joined as the section joins clauses (an exclusion's "cardiovascular diseases, nervous system
    diseases, lung diseases": one more way to be excluded; an inclusion's: one more requirement)."""
    spans = [r.check.span if r.check is not None and r.check.span else r.core for r in ex.checks]
    spans += [r.window for r in ex.checks if r.window is not None]
    variables = {r.check.variable for r in ex.checks if r.check is not None}
    if not variables <= BY_ID.keys():   # a variable that is no vocabulary entry: a therapy
        variables.add("@therapy")
    # (a list of names sharing one tail: each check covers its own name, listed_spans says why)
    listed = listed_spans(text, ex.checks, spans) if len(spans) > 1 else None
    cov = cover(text, [*(listed or spans), *ex.kept], variables)
    organs: list[tuple[int, int]] = []      # (organs a heading names that no check reads: headings.py)
    if cov.loose_before_phrases():
        # (what the checks read along with their own words matters only where a word is left:
        # most criteria leave none, and _read_with's scans are spared)
        cov = cov.with_spans(_read_with(text, spans, ex, organs))
    unread = cov.unread()
    if "or " in text:
        unread = with_or_diseases(text, spans, unread)
    if not variables.isdisjoint(_PATHOGEN_OF):
        unread = _pathogens(text, ex, unread)
    if ex.examples and spans:
        heads = _heads(text, spans, ex.examples)
        if heads:
            unread = [piece for piece in unread if not any(piece in head or head in piece for head in heads)]
            # the examples are of the head: in an exclusion one of them excludes (any), in an
            # inclusion one of them failed fails it (all)
            _join_own(node, text, section, spans, heads)
    if not unread:
        return
    # a clause that names an exception or a permission ("Exceptions include ...", "with the
    # following exception: ...", "... are eligible provided ...") can only speak for the patient:
    # it is joined so that it never lets the checks decide against them (below)
    may = _may_name_exception(text, lower_of(text))
    favour = [piece for piece in unread if _in_exception(text, piece, may)]
    if favour:
        unread = [piece for piece in unread if piece not in favour]
        if unread:
            _keep(node, text, ex, section, cov, spans, unread, listed is not None, organs)
        join_in_favour(node, text, section, favour)
        return
    _keep(node, text, ex, section, cov, spans, unread, listed is not None, organs)
    if section == "exclusion" and node.logic == "any" and spans and "," in text \
            and (judged := _judged_list(text, max(b for _, b in spans))) is not None:
        # "Any other disease, active infection, ..., or clinical laboratory finding that
        # contraindicates the use of an investigational drug, ...": the clause after the list
        # qualifies each of its items, the ones read too (audit 16: an active infection had
        # excluded by itself); it joins them all, never letting one alone exclude
        wrap(node, text)
        node.logic = "all"
        node.unread.append(judged)
    # an inclusion that offers alternatives ("Currently receiving at least 1 of the following:
    # oral prednisone >= 7.5 mg/day but <= 40 mg/day, or azathioprine ...") may be met by one it
    # did not read: the lead-in joins as one more alternative, for a person, so that the checks
    # read cannot fail it (nor, half read, meet it)
    offer = list_any_words(text) if section == "inclusion" else None
    if offer and spans and text.find(offer) < min(a for a, _ in spans):
        # (only a lead-in: "not pregnant ... AND one of the following applies:" adds a requirement)
        join_in_favour(node, text, section, [offer])


# a clause of judgement after a list that qualifies its items ("... or clinical laboratory finding
# that contraindicates the use of an investigational drug"): after a comma-separated list, from its
# "that" to the sentence's end (not ", which ...": it explains, review 16)
_JUDGED = re.compile(r"\bthat\s+(?:,?\s*in\s+the\s+(?:opinion|judge?ment)\s+of\s+(?:the\s+)?\w+\s*,?\s*)?"
                     r"(?:\w+\s+){0,2}?(?:contraindicat\w*|could|may|might|would|can|is\s+likely|are\s+likely|"
                     r"interfer\w*|compromis\w*|precludes?|prevents?)\b[^.;]*", re.I)


# a list that opens on "other" / "any other" ("Any other disease, active infection, ..."): one class
# of things, which the clause after it qualifies throughout (not a list after a lead-in's colon,
# nor one of examples: "including", "such as")
_ANY_LIST = re.compile(r"\s*(?:(?:has|have|had|patients?\s+with|subjects?\s+with|presence\s+of)\s+)?(?:any\s+)?other\b"
                       r"(?![^:]*:)(?![^.;]*\b(?:including|such\s+as|e\.\s?g)\b)", re.I)
_LAST_ITEM = re.compile(r"(?:,|\bor\b|\band\b)\s*(?:or\s+|and\s+)?([^,]*?)\s*$", re.I)
_ITS_OWN = re.compile(r"(?:any|other|another|an?)\b", re.I)


def _judged_list(text: str, after: int) -> str | None:
    """The clause of judgement that qualifies a list ending after `after` (the checks' end), or
    None: only for a list that opens on "(any) other", where a comma stands between the checks
    and the clause (a list, not one item's clause), and its last item is no "any condition" of
    its own."""
    if not _ANY_LIST.match(text):
        return None     # ("Uncontrolled intercurrent illness including ... or psychiatric illness/social
        # situations that would limit compliance": the last item's own clause; the examples exclude)
    m = _JUDGED.search(text, after)
    if m is None or "," not in text[:m.start()] or ";" in text[after:m.start()] or ". " in text[after:m.start()]:
        return None     # (one in another sentence qualifies that sentence's list, review 16)
    last = _LAST_ITEM.search(text, 0, m.start())
    if last is not None and _ITS_OWN.match(last.group(1)):
        return None     # "Pregnant, breastfeeding, or any condition that would interfere": that item's own
    return m.group(0).strip(" ,;.")


# The serology checks read their words with the words of infections ("hepatitis", "virus",
# "antibody"): a pathogen the text names that no check of that pathogen reads ("Known HIV,
# hepatitis B or hepatitis C infection" read as HIV alone) is a clause of its own.
_PATHOGEN_OF = {"hbsag": "hbv", "hbcab": "hbv", "hbv_dna": "hbv", "hcv_ab": "hcv", "hcv_rna": "hcv", "hiv": "hiv",
                "cmv_dna": "cmv", "ebv_dna": "ebv", "syphilis": "syphilis", "tuberculosis": "tb"}
_NAMES_OF = {"hbv": re.compile(r"\bhepatitis\s+B\b(?:\s+virus)?|\bHBV\b", re.I),
             "hcv": re.compile(r"\bhepatitis\s+C\b(?:\s+virus)?|\bHCV\b|(?<=\bhepatitis\sB\sor\s)C\b", re.I),
             "hiv": re.compile(r"\bHIV\b|\bhuman\s+immunodeficiency\s+virus\b", re.I)}


def _pathogens(text: str, ex: Extraction, unread: list[str]) -> list[str]:
    """unread, with the pathogens named that no check of theirs reads (see _PATHOGEN_OF)."""
    read = {_PATHOGEN_OF.get(r.check.variable) for r in ex.checks if r.check is not None}
    out = list(unread)
    for pathogen, rx in _NAMES_OF.items():
        if pathogen in read:
            continue
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in ex.kept):
                continue        # an example or an exception, kept as it was
            if not any(m.group() in piece for piece in out):
                out.append(m.group())
    return sorted(out, key=text.find) if len(out) != len(unread) else out


_HEAD_START = re.compile(r"[;.:]\s")
_HEAD_MOST = 200        # characters a head may go back (a text of no sentence ends is read in linear time)


def _heads(text: str, spans: list[tuple[int, int]], examples: list[tuple[int, int]]) -> list[str]:
    """The heads of example lists whose examples hold checks and the head none ("Other
    conditions, such as ALT > 3 x ULN"): the examples do not say what else the head takes in,
    so it is unread even when its words are filler."""
    starts = sorted(a for a, _ in spans)
    out: list[str] = []
    for a, b in examples:
        if not _any_in(starts, a, b):
            continue
        lo = max(0, a - _HEAD_MOST)
        start = max((m.end() for m in _HEAD_START.finditer(text, lo, a)), default=lo)
        if _any_in(starts, start, a):
            continue        # the head holds a check of its own: it says what the examples are of
        head = " ".join(text[start:a].split()).strip(" ,;:(")
        if head and head not in out:
            out.append(head)
    return out


def _any_in(starts: list[int], a: int, b: int) -> bool:
    """Whether one of the sorted starts lies in [a, b)."""
    i = bisect_left(starts, a)
    return i < len(starts) and starts[i] < b


def _may_name_exception(text: str, low: str) -> bool:
    """Whether _EXCEPTION may match in text or a part of it (low: text.lower()): one of the words
    it needs is there (plain substring tests, each run of every unread clause's regex spared
    where none is; a text with one of patterns.FOLDS is left to the regex)."""
    return not lowers_alike(text) or (
        "except" in low or "apart" in low or "exclud" in low or "eligible" in low or "allowed" in low
        or "permitted" in low or "acceptable" in low or "provided" in low or "separate" in low or "waived" in low
        or "considered" in low or "only" in low or "to meet" in low or "to achieve" in low or "to reach" in low)


def _in_exception(text: str, piece: str, may: bool = True) -> bool:
    """Whether piece names an exception, or follows one in its sentence ("Exceptions include
    another malignancy for which a complete remission was achieved ...": all of it), or offers
    another limit for some patients ("AST and ALT <= 2.5 x ULN, or <= 5 x ULN in the presence of
    liver metastases": a limit with no name of its own, after "or", relaxes the ones read).
    `may`: _may_name_exception of text (False: _EXCEPTION matches nowhere in it)."""
    if may and _may_name_exception(piece, piece.lower()) and _EXCEPTION.search(piece):
        return True     # (the piece's own quick test first: the regex tries every position)
    at = text.find(piece)
    if at < 0:
        return False
    if _LIMIT_FIRST.match(piece) and _OR_BEFORE.search(text, max(0, at - 8), at):
        return True
    if not may:
        return False
    start = max(text.rfind(". ", 0, at), text.rfind(";", 0, at)) + 1
    # (a match between start and at is one in text[start:at]: its quick test holds there)
    head = text[start:at]
    return _may_name_exception(head, head.lower()) and _EXCEPTION.search(text, start, at) is not None


def join_in_favour(node: CriterionNode, text: str, section: SectionName, pieces: list[str]) -> None:
    """Join clauses that can only speak for the patient to what node holds: an exclusion holds
    only if none of them does (all: never machine-met), an inclusion holds if one of them does
    (any: never machine-not-met)."""
    join: Logic = "all" if section == "exclusion" else "any"
    if len(node.checks) + len(node.children) + len(node.unread) > 1 and node.logic != join:
        wrap(node, text)
    node.logic = join
    node.unread.extend(pieces)


_LIMIT_FIRST = re.compile(r"\s*(?:[<>≤≥]|=<|=>|(?:less|more|greater|lower|higher)\s+than\b|up\s+to\b)", re.I)
_OR_BEFORE = re.compile(r"\bor\s*$", re.I)
_EXCEPTION = re.compile(r"\bexcept|\bexceptions?\b|\bapart\s+from\b|\bexcluding\b|\beligible\b|\bprovided\b"
                        # (a method "acceptable" to the protocol is a requirement: "use an
                        # acceptable method of birth control")
                        r"|\b(?:allowed|permitted|acceptable)\b(?!\s+(?:[\w-]+\s+)?(?:methods?|forms?|means|contracepti\w*|birth))"
                        r"|\bseparate\b|\bnot\s+(?:be\s+)?excluded\b|\bwaived\b"
                        # "Patients may be transfused to meet this criterion" (NCT05482516, audit
                        # 16): a way to meet it, so a value below the limit today is no ✗
                        r"|\b(?:may|can)\s+(?!not\b|never\b)(?:\w+\s+){0,4}?to\s+(?:meet|achieve|reach)\b"
                        # "Note: Trials requiring extended follow-up ... are not considered
                        # investigational trials" (Chia NCT02339974): what a note says the criterion
                        # does not count (not "a condition not considered compatible": a requirement)
                        r"|\bnotes?\s*:[^.;]*?\bnot\s+(?:be\s+)?considered\b"
                        # a part of the study the criterion is limited to, in words study_parts.py
                        # does not take out first ("Only patients enrolled in Part A must have ...",
                        # "..., for participants in Part B only")
                        r"|\bonly\b[^.;()]{0,40}?\b(?:sub-?stud(?:y|ies)|(?:imaging|mri|pet|pk|biopsy|optional|extension)\s+"
                        r"(?:stud(?:y|ies)|part|cohort|arm|phase)|cohorts?\s+\w+|parts?\s+[a-z0-9]\b|arms?\s+[a-z0-9]\b)"
                        r"|\b(?:sub-?stud(?:y|ies)|(?:imaging|mri|pet|pk|biopsy|optional|extension)\s+(?:stud(?:y|ies)|part|cohort|arm)"
                        r"|cohorts?\s+\w+|parts?\s+[a-z0-9]|arms?\s+[a-z0-9])(?:\s+[\w-]+){0,2}\s+only\b", re.I)


def _keep(node: CriterionNode, text: str, ex: Extraction, section: SectionName, cov: Coverage,
          spans: list[tuple[int, int]], unread: list[str], listed: bool = False,
          organs: list[tuple[int, int]] | None = None) -> None:
    """Join each unread clause where its words join it (see keep_unread); `listed`: coverage was
    given the listed names' own spans (list_gaps.py), so a clause may lie inside a check's span;
    `organs`: the spans of organs a heading names that no check reads (headings.py), each a
    clause of its own."""
    placed = [(c, c.span) for n in (_groups(node) if node.children else (node,)) for c in n.checks if c.span]
    loose = cov.loose()
    starts = [w[0] for w in loose]
    own: list[str] = []
    beside: list[str] = []
    pos = 0
    for piece in unread:
        at = text.find(piece, pos)
        at = at if at >= 0 else text.find(piece)
        if at < 0 or not placed or (organs and (at, at + len(piece)) in organs):
            own.append(piece)
            continue
        pos = at + len(piece)
        inside = [p for p in placed if p[1][0] < at and pos <= p[1][1]] if listed else None
        if inside:
            # a name between two names of a list that share one tail, no check of its own
            # (list_gaps.py): one more item of the innermost list that runs over it, joined as
            # its items are ("cyclosporine, tacrolimus, sirolimus, or ... within 8 weeks")
            _join_to_check(node, max(inside, key=lambda p: p[1][0])[0], piece, None, text)
            continue
        # the clause's loose words (in text order: found by bisection), or the clause itself
        i, j = bisect_left(starts, at), bisect_left(starts, pos)
        first, last = (loose[i][0], loose[j - 1][1]) if i < j else (at, pos)
        check, (a, b) = placed[0] if len(placed) == 1 else _nearest(placed, text, first, last)
        # what stands between the check and the clause's own words ("Pregnant women or those
        # planning pregnancy": "or")
        if (first - b if b <= first else a - last) > _FAR:
            # (one check read many times over, deduped to its first place: a clause this far from
            # it is no word of it; and each scan of the words between would make a long text's
            # reading quadratic)
            own.append(piece)
            continue
        between = text[b:first] if b <= first else text[last:a]
        if "male" in between or "men" in between:
            between = _SEXES.sub(" ", between)     # "male or female patient ...": no alternative
        if pos <= a and text.find("ither", at, a) >= 0 and (head := _before_either(text[at:a], piece)) is not None \
                and bisect_left(starts, at) < bisect_left(starts, at + len(head)):
            beside.append(head)     # "A and either B or C": A is required beside the either (either_or.py)
            continue
        if first >= b and measured(piece) and not _SENTENCE_END.search(between) \
                and not _EITHER_OR.search(between) and not (")" in piece and next_item(piece, text, at) is not None):
            # how the value was measured ("..., if confirmed on a repeat sample") qualifies it,
            # after a comma too; after an or-list of limits ("SBP >= 160 mm Hg OR DBP >= 110 mm Hg
            # measured twice ...") it holds for each of the list, not the last alone (audit 12)
            # (groups of it too: "Platelet count <80,000 or >700,000 cells/mm3, or white blood cell
            # count <3,000 cells/mm3 if persistent ... within 7 days ...", audit 14)
            every = [c for c, _ in placed]
            if node.logic == "any" and not node.unread and len(every) > 1 \
                    and all(c.span and c.span[1] <= first for c in every) \
                    and (not node.children or all(g.kind in ("all", "any") for g in node.children)):
                wrap(node, text)
                node.logic = "all"
                node.unread.append(piece)
            else:
                _join_to_check(node, check, piece, "all", text)
            continue
        if (_EITHER_OR.search(between) and not _SENTENCE_END.search(between)) or \
                (ex.examples and _in_example(ex.examples, first)) or \
                (piece.startswith("(") and "nclud" in piece and BROADENS.search(piece) is not None):
            # (an example no check reads: one more way the criterion's check holds)
            tail = _AND_AFTER.search(piece) if section == "inclusion" and first >= b else None
            if tail and piece[:tail.start()].strip():
                # "female of nonchildbearing potential or male, any race ..., and in good health"
                # (NCT05389722): what follows ", and" is required whichever alternative holds
                _join_to_check(node, check, piece[:tail.start()].strip(), "any", text)
                own.append(piece[tail.end():].strip())
                continue
            # "No severe cardiac disease or hepatitis": a denial before both denies each (neither),
            # as a denied list of checks joins (joins.py); one "or" alternative would let the
            # cardiac check alone meet it
            _join_to_check(node, check, piece, "all" if denied_together(text, check, min(a, at), between, piece) else "any", text)
        elif not _CLAUSE_END.search(between) and not (section == "exclusion" and _OTHER_GROUP.search(piece)):
            # (not a group of people of its own in an exclusion: "those who have received
            # iodinated contrast ... and pregnant women, will be excluded", Chia NCT03373318)
            item = next_item(piece, text, at) if ")" in piece else None
            if item is not None:
                # "either A) of non-childbearing potential (documented ...) B) childbearing
                # potential with ..." (lettered.py): B on is another way, the rest qualifies
                _join_to_check(node, check, item[1], "any", text)
                if item[0]:
                    _join_to_check(node, check, item[0], "all", text)
                continue
            if section == "exclusion" and check.variable in PATHOGEN and pos <= a \
                    and _LIST_JOIN.fullmatch(text, pos, a) and _INFECTION_NAME.search(piece) and not _BOTH.search(text):
                # "any active infection including HBV, HCV and HIV" (Chia NCT01631058): the names
                # before an infection's, joined as a list's items, are more infections, each a
                # way to be excluded, not words that qualify it
                _join_to_check(node, check, piece, "any", text)
                continue
            if section == "exclusion" and _AND_OTHER.search(between):
                # "Uncontrolled mental illness and other conditions known to affect the completion
                # of the study process" (NCT05482568 exc-25): one more item of the exclusion's
                # list, not a qualifier of the check's: one more way to be excluded
                _join_to_check(node, check, piece, "any", text)
                continue
            split = _alternative_inside(piece) if pos <= a else \
                _another_way_after(piece) if section == "exclusion" and _windowed(check) else None
            if split is not None:
                # "History of current or recurrent urinary tract infections, or genitourinary
                # cancer" (NCT00739739): the words next to the check qualify it ("genitourinary"),
                # those past the ", or" are another way to meet the criterion
                other, qualifier = split
                _join_to_check(node, check, other, "any", text)
                if qualifier:
                    _join_to_check(node, check, qualifier, "all", text)
                continue
            # a qualifier inside a denial narrows what is denied: "no history of untreated TB" is
            # met by no tuberculosis, or by one that was treated (not (Q and X) is (not Q) or (not X))
            _join_to_check(node, check, piece, "any" if pos <= a and ADJACENT.fullmatch(text, pos, a)
                           and denied_before(text, check, at) else "all", text)
        else:
            own.append(piece)
    if own:
        _join_own(node, text, section, spans, own)
    if beside:
        _join_own(node, text, section, spans, beside, "all")


_FAR = 400         # characters between a check and a clause beyond which the clause is no word of it


def _nearest(placed: list[tuple[Check, tuple[int, int]]], text: str, first: int, last: int
             ) -> tuple[Check, tuple[int, int]]:
    """The placed check nearest the clause text[first:last], one in the clause's own sentence
    before any other ("psychiatric disorders that would interfere with consent or follow-up.
    Pregnant or lactating women": the clause is the disorder's, though the pregnancy's name stands
    closer to its end; audit 15)."""
    def gap(p: tuple[Check, tuple[int, int]]) -> int:
        a, b = p[1]
        lo, hi = (b, first) if b <= first else (last, a)
        return min(abs(b - first), abs(a - last)) + (_FAR if lo < hi and _NEW_SENTENCE.search(text, lo, hi) else 0)
    return min(placed, key=gap)


_LIST_JOIN = re.compile(r"\s*(?:,|,?\s*(?:and|or|and\s*/\s*or))\s*", re.I)
# (only names of infections, before the check: not "Symptomatic, AIDS-defining illness and HIV
# positive", nor "both HIV and hepatitis B", "HIV and HCV co-infection", which need both)
_INFECTION_NAME = re.compile(r"\b(?:hepatitis|HBV|HCV|HDV|HEV|syphilis|tubercul\w*|TB|CMV|EBV|HTLV\w*)\b", re.I)
_BOTH = re.compile(r"\bboth\b|\bco-?infect", re.I)
# (or after a bracket: "Anemia (hemoglobin < 9 mg/dl) or thrombocytopenia (Platelet count <75)")
_COMMA_OR = re.compile(r"(?:,|(?<=\)))\s*(?:and\s*/\s*)?or\s+", re.I)
# between a check and a clause after it: the clause is another item ("and other conditions",
# "as well as"), not the check's qualifier
_AND_OTHER = re.compile(r"\b(?:and|or)\s+(?:any\s+)?other\b|\bas\s+well\s+as\b", re.I)
# "or" opening a clause of its own with its verb ("... within 28 days prior to initial study
# administration or is expected to be administered during study treatment", NCT05482568 exc-19)
_OR_VERB = re.compile(r"[,;]?\s*\b(?:and\s*/\s*)?or\s+(?=(?:is|are|was|were|will|would|has|have|had|be|been|being|"
                      r"expected|anticipated|planned|scheduled|needs?|requires?|"
                      # a need or plan to come, as a noun ("or anticipation of need for systemic
                      # immunosuppressive medication during study treatment", NCT05482516 exc-34)
                      r"anticipation|expectation|intention|intent|plans?|likely|requirement)\b)", re.I)


def _windowed(check: Check) -> bool:
    return check.op == "within" or check.window_days is not None


def _another_way_after(piece: str) -> tuple[str, str] | None:
    """An exclusion's unread clause after a check with a time window that goes on with "or" and a
    verb of its own: (that other way to be excluded, the words before the "or", next to the
    check), or None. The window is what the other way replaces ("... within 100 days of
    transplant and/or are still taking immunosuppressive drugs", Chia NCT00989261); after a check
    with none, such a clause qualifies what the check reads ("malignancy that is progressing or
    requires active treatment", NCT05380414) and is joined to it as before."""
    m = _OR_VERB.search(piece)
    if m is None:
        return None
    near, other = piece[:m.start()].strip(" ,;"), piece[m.end():].strip(" ,;")
    if not other:
        return None
    return (other, near) if near else (other, "")


def _alternative_inside(piece: str) -> tuple[str, str] | None:
    """An unread clause that stands just before a check but holds a ", or": (the alternative
    before the ", or", the words after it, next to the check), or None. (A clause after the
    check is not split so: in "has ... solid tumor malignancy with documented KRAS G12D ..., or
    is ineligible to receive ... standard therapies" (NCT05382559) the "or" offers another way
    to meet what comes after the check, not the check itself.)"""
    found = list(_COMMA_OR.finditer(piece))
    if not found:
        return _clause_or(piece) if " or " in piece else None
    m = found[-1]
    other, near = piece[:m.start()].strip(" ,;"), piece[m.end():].strip(" ,;")
    return (other, near) if other and near else None


def _clause_or(piece: str) -> tuple[str, str] | None:
    """A bare "or" (no comma) in an unread clause before a check, where the words before it are
    a clause of their own, not a qualifier's adjective: three words or more with no "or" or comma
    of their own ("High bleeding risk or spontaneously prolonged PT ... > 1.5 x ULN", audit G:
    normal labs had cleared the bleeding risk), or a clause that ends with its own time window
    ("Significant change in diet or level of physical activity within 1 month before dosing or
    change in weight of more than 5 kg ..."). Adjective pairs stay qualifiers ("Known or
    suspected", "active or suspected acute or chronic", "suffering from endometrial or
    epithelial ovarian cancer": the words before end in an adjective's ending), as do "than or
    equal" and an "or" inside brackets."""
    found = list(_BARE_OR.finditer(piece))
    if not found:
        return None
    m = found[-1]
    other, near = piece[:m.start()].strip(" ,;"), piece[m.end():].strip(" ,;")
    if not other or not near or other.count("(") > other.count(")") or near.count(")") > near.count("(") \
            or other.lower().endswith("than") or _ADJECTIVE_END.search(other):
        return None
    words = len(other.split())
    if words >= 3 and "," not in other and not _BARE_OR.search(other):
        return other, near
    if words >= 6 and _WINDOW_WORD.search(other):
        return other, near
    return None


_BARE_OR = re.compile(r"\s+or\s+", re.I)
_ADJECTIVE_END = re.compile(r"(?:al|ic|ous|ive|ary|ed|ant|ent|ile|oid|ar)$", re.I)
_WINDOW_WORD = re.compile(r"\b(?:within|prior\s+to|before)\b", re.I)


def _join_own(node: CriterionNode, text: str, section: SectionName, spans: list[tuple[int, int]],
              own: list[str], join: Logic | None = None) -> None:
    """Join clauses of their own as the section joins clauses (or by `join`)."""
    join = join or ("any" if section == "exclusion" else "all")
    # (the clauses already joined count: "Has active HIV, hepatitis B virus, ...": "active"
    # qualifies the HIV check, and stays with it)
    if len(node.checks) + len(node.children) + len(node.unread) > 1 and join != node.logic:
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
        wrap(node, text[lo:hi].strip(" ,;.") or text)
    assign(node, "logic", join)
    node.unread.extend(own)


def _in_example(examples: list[tuple[int, int]], at: int) -> bool:
    """Whether at lies in one of the example spans (in text order, not overlapping)."""
    i = bisect_right(examples, (at, len(examples) + at + 1)) - 1
    return i >= 0 and examples[i][0] <= at < examples[i][1]


def _groups(node: CriterionNode) -> list[CriterionNode]:
    """node and the all/any groups under it (whose checks' spans are in node's text)."""
    out = [node]
    for child in node.children:
        if child.kind in ("all", "any"):
            out.extend(_groups(child))
    return out


def _holder(node: CriterionNode, check: Check) -> CriterionNode:
    """The node of node's structure (node or an all/any group under it) that holds check."""
    for c in node.checks:       # (most often node itself: no list of its groups made)
        if c is check:
            return node
    for n in _groups(node):
        for c in n.checks:
            if c is check:
                return n
    raise ValueError("a check placed on node is in none of its groups")


def _join_to_check(node: CriterionNode, check: Check, piece: str, kind: Logic | None, text: str) -> None:
    """Join an unread clause to one check of node's structure by `kind` ("all" / "any"; None: as
    the check's own group joins its parts)."""
    holder = _holder(node, check)
    parts = len(holder.checks) + len(holder.children) + len(holder.unread)
    logic = holder.kind if holder.kind in ("all", "any") else holder.logic
    kind = kind or logic
    if holder is node and (logic == kind or parts == 1):
        assign(node, "logic", kind)
        node.unread.append(piece)
        return
    if logic == kind:
        holder.children.append(for_a_person(f"{holder.id}.{len(holder.children) + 1}", piece, node.section))
        return
    # the check and the clause become a group of their own where the check stood
    at = text.find(piece)
    a, b = check.span or (at, at)
    # checks read inside the check's own words ("ALT or AST > 3 x ULN (confirmed on a second
    # day)", Chia NCT02985242: AST's words end ALT's) share its limit, and the clause with it:
    # they go into the group with it, joined as they were, or the group would name a lab it
    # does not check and be decided on the other alone
    mates = [c for c in holder.checks if c is not check and c.span and a <= c.span[0] and c.span[1] == b] \
        if len(holder.checks) > 1 else []
    holder.checks = [c for c in holder.checks if c is not check and not any(c is m for m in mates)]
    lo, hi = (min(a, at), max(b, at + len(piece))) if at >= 0 else (a, b)
    group = criterion(f"{holder.id}.{len(holder.children) + 1}", kind, text[lo:hi].strip() or piece, node.section)
    assign(group, "logic", kind)
    if mates:
        inner = criterion(f"{group.id}.1", logic, text[a:b].strip() or piece, node.section)
        assign(inner, "logic", logic)
        assign(inner, "checks", sorted([check, *mates], key=lambda c: c.span or (0, 0)))
        group.children.append(inner)
    else:
        assign(group, "checks", [check])
    group.children.append(for_a_person(f"{group.id}.{len(group.children) + 1}", piece, node.section))
    holder.children.append(group)


_DEFINED_AS = re.compile(r"\(?\s*(?:defined|characteri[sz]ed)\s+(?:as|by)\b", re.I)
_HEADING = re.compile(r"[^:;.]+:(?!\d)")


def _read_with(text: str, spans: list[tuple[int, int]], ex: Extraction,
               organs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans the checks read along with their own: the time window of a check that has one,
    an acronym after a check ("(ULN)"), what a check defines ("Severe lupus nephritis (defined
    as serum creatinine > 2.5 mg/dL)"), and a heading the checks after it spell out
    ("Screening period tests meet: ...", "The functions of important organs are normal: ...")."""
    out: list[tuple[int, int]] = []
    timed = tested = False      # (a plain walk: quicker than two generators over the checks)
    for r in ex.checks:
        c = r.check
        if c is not None:
            if c.window_days or c.op == "within":
                timed = True
                break
            if c.variable in ("pregnant", "lactating"):
                tested = True
    low = lower_of(text)
    if (timed or tested) and may_window(low):
        for m in WINDOW_RX.finditer(text):
            if text[m.end():m.end() + 1].isalpha():
                continue
            # "a negative serum HCG test within 7 days prior to enrollment": when the test is done
            if timed or "test" in text[max(0, m.start() - 25):m.start()].lower():
                out.append(m.span())
    if "(" in text or "[" in text:      # (an acronym is in brackets)
        for _, b in spans:
            acronym = ACRONYM_AFTER.match(text, b)
            if acronym:
                out.append(acronym.span())
    for m in (_DEFINED_AS.finditer(text) if "defined" in low or "characteri" in low else ()):
        # "Severe lupus nephritis (defined as ...)": from the clause's start to "defined as"
        start = max(text.rfind(c, 0, m.start()) for c in ",;.") + 1
        close = text.find(")", m.end()) if "(" in m.group(0) else -1
        end = close if close >= 0 else len(text)
        if any(m.end() <= a < end for a, _ in spans):
            out.extend(read_but_organs(text, (start, m.end()), _variables(ex), organs))
    head = _HEADING.match(text) if ":" in text else None
    if head and not any(a < head.end() for a, _ in spans) and any(a >= head.end() for a, _ in spans):
        out.extend(read_but_organs(text, head.span(), _variables(ex), organs))
    return out


def _variables(ex: Extraction) -> set[str]:
    return {r.check.variable for r in ex.checks if r.check is not None}


_SEXES = re.compile(r"\b(?:males?\s+(?:or|and(?:\s*/\s*or)?)\s+females?|females?\s+(?:or|and(?:\s*/\s*or)?)\s+males?"
                    r"|men\s+(?:or|and)\s+women|women\s+(?:or|and)\s+men)\b", re.I)
_EITHER_OR = re.compile(r"\bor\b|\beither\b", re.I)
_OTHER_GROUP = re.compile(r"\b(?:those|patients|subjects|participants|individuals|persons)\s+(?:who|that)\b|\bas\s+well\s+as\b",
                          re.I)
_AND_AFTER = re.compile(r",\s*and\s+", re.I)
_CLAUSE_END = re.compile(r"[;,:]|\.(?=\s|$)")
# a sentence's end before another sentence (not "incl." or "e.g." before a small letter)
_NEW_SENTENCE = re.compile(r";|\.(?=\s+[A-Z(]|\s*$)")
# an "or" beyond the end of the check's sentence offers nothing beside it
_SENTENCE_END = re.compile(r";|\.(?=\s|$)")


def reid(node: CriterionNode, old: str, new: str) -> None:
    """Renumber node's descendants (and conditions) from under `old` to under `new`."""
    for child in node.children:
        child.id = new + child.id[len(old):]
        reid(child, old, new)
    if node.condition is not None:
        node.condition.id = node.id + ".if"


# ("all" | "any", [Raw | Expr]): the and/or shape of a criterion's checks before it hangs on nodes.


def wrap(node: CriterionNode, text: str) -> None:
    """Move what node holds into one group child (`<id>.1`, of node's logic), so that node can
    join it with something else by another logic. The group's checks keep their spans in
    node's text, as any group's do; unread clauses go in as criteria for a person."""
    inner = CriterionNode(id=f"{node.id}.1", kind=node.logic, text=text, section=node.section,
                          checks=node.checks, children=node.children, logic=node.logic)
    reid(inner, node.id, inner.id)
    for clause in node.unread:
        inner.children.append(for_a_person(f"{inner.id}.{len(inner.children) + 1}", clause, node.section))
    node.checks, node.children, node.unread = [], [inner], []
