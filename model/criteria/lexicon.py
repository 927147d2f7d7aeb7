"""Phrase tables the criteria parser reads with: variable names, comparators, units, windows.

Everything here is data; the name tables (name_table.py, read by scanner.py) compile on first use.
The parsing logic lives in split.py, checks.py, specials.py, numbers.py and therapies.py.
"""

from __future__ import annotations

import re

from trialview.model.criteria.name_table import NameTable
from trialview.model.criteria.scanner import NameScanner
from trialview.model.units import UNITS
from trialview.model.vocabulary import VARIABLES

# "1.500.000": two dots or more between groups of three digits are thousands separators
NUM = r"(?:\d{1,3}(?:\.\d{3}){2,}(?![\d.])|\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?|\.\d+)"
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMW = NUM + r"|\b(?:" + "|".join(WORD_NUMBERS) + r")\b"


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3}){2,}")


def number(raw: str) -> float:
    """A number as written: "1,500" (thousands), "1.500.000" (thousands), "1,5" (decimal comma),
    "two"."""
    raw = raw.strip().lower()
    if raw in WORD_NUMBERS:
        return float(WORD_NUMBERS[raw])
    if _THOUSANDS.fullmatch(raw):
        return float(raw.replace(",", "").replace(".", ""))
    return float(raw.replace(",", "."))


# ---- comparators: (pattern, op); "=" is a comparator lost in the source ------------------------
_CMP: tuple[tuple[str, str], ...] = (
    (r">\s*/\s*=|>\s*or\s*=(?:\s*to)?|>=|=>|≥|≧|(?:greater|more|higher)\s+(?:than\s+)?or\s+equal(?:\s+to)?|equal(?:\s+to)?\s+or\s+(?:greater|more|higher)(?:\s+than)?|at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+lower\s+than|at\s*/\s*above|minimum\s+(?:of\s+)?", ">="),
    (r"<\s*/\s*=|<\s*or\s*=(?:\s*to)?|<=|=<|≤|≦|(?:less|lower)\s+(?:than\s+)?or\s+equal(?:\s+to)?|equal(?:\s+to)?\s+or\s+(?:less|lower)(?:\s+than)?|not\s+exceeding|not\s+to\s+exceed|not\s+more\s+than|no\s+more\s+than|no\s+greater\s+than|not\s+greater\s+than|not\s+higher\s+than|up\s+to|at\s+most|maximum\s+(?:of\s+)?", "<="),
    (r">|(?:greater|more|higher)\s+than|above|over|exceeding|exceeds?|in\s+excess\s+of", ">"),
    (r"<|(?:less|lower|fewer)\s+than|below|under", "<"),
    (r"=", "="),
)
CMP_RX = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CMP)), re.I)
CMP_OPS = [op for _, op in _CMP]


def cmp_op(m: re.Match[str]) -> str:
    return CMP_OPS[int(m.lastgroup[1:])]  # type: ignore[index]  # named groups only: lastgroup is set


POSTFIX_RX = re.compile(r"\s*(?:or|and)\s+(more|greater|higher|above|over|older|less|lower|fewer|below|under|younger)\b", re.I)
POSTFIX_UP = {"more", "greater", "higher", "above", "over", "older"}

# ---- units: the one table of unit spellings is model.units.UNITS; here, those read in text ----
_UNITS = [(p, key) for p, key, in_text in UNITS if in_text]
UNIT_RX = re.compile(r"\s*(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNITS)) + ")", re.I)
UNIT_KEYS = [k for _, k in _UNITS]
# after a number: something that looks like a unit we could not read ("mg/kg/d", "cells/mL")
# (a "^" or "**" after the number: "10^5/mm3" raised it to a power not read, never the number 10)
ODD_UNIT_RX = re.compile(r"\s*(?:[a-zµμ]+\s*/\s*[a-z]|[x×*]\s*10|/|\^|\*\*)", re.I)


def unit_at(text: str, pos: int) -> tuple[str | None, int]:
    """(unit key, end) of the unit starting at pos, or (None, pos)."""
    m = UNIT_RX.match(text, pos)
    if not m:
        return None, pos
    return UNIT_KEYS[int(m.lastgroup[1:])], m.end()  # type: ignore[index]  # named groups only: lastgroup set


# ---- numeric variables: phrases beyond the vocabulary's synonyms -------------------------------
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "age": (r"age\s+range", r"ages?"),
    "hemoglobin": ("hgb", "haemoglobin", "hemoglobin concentration"),
    "wbc": (r"white\s+blood\s+cells?(?:\s+count)?", r"leukocyte\s+count", r"leucocytes?", "WBC count"),
    "anc": (r"(?:absolute\s+)?neutrophil(?:s|\s+count)", r"absolute\s+neutrophil\s+count", "granulocyte count", "ANC"),
    "alc": (r"(?:absolute\s+)?lymphocyte(?:s|\s+count)",),
    "platelets": (r"platelets?(?:\s+count)?", r"platelet\s+counts?", "plt", r"thrombocyte(?:s|\s+count)"),
    "alt": (r"alanine\s+(?:amino)?transaminase", r"alanine\s+aminotransferase"),
    "ast": (r"aspartate\s+(?:amino)?transaminase", r"aspartate\s+aminotransferase"),
    "total_bilirubin": (r"(?:serum\s+)?(?:total\s+)?(?:serum\s+)?bilirubin", "TBIL"),
    "creatinine": (r"serum\s+creatinine", "creatinine", "Cr", "SCr"),
    "egfr": ("eGFR", "GFR", r"(?:estimated\s+)?glomerular\s+filtration\s+rate", "estimated GFR"),
    "crcl": (r"(?:calculated\s+|estimated\s+|endogenous\s+)?creatinine\s+clearance(?:\s+rate)?", "CrCl", "CLcr", "CCr"),
    "upcr": (r"(?:urin\w*\s+)?(?:total\s+)?protein\s*(?:/|to|-)\s*creatinine\s+ratio", "UPCR", "UPC", "uPCR"),
    "urine_protein_24h": (r"24[- ]?h(?:ou)?r?s?\s+urin\w*\s+protein(?:\s+quantification)?", r"24[- ]?h(?:ou)?r?s?\s+(?:urin\w*\s+)?proteinuria", "proteinuria"),
    "albumin": (r"(?:serum\s+)?albumin",),
    "hba1c": ("HbA1c", "hba1c", r"h(?:a)?emoglobin\s+A1c", "A1c", r"glyc(?:osyl)?ated\s+h(?:a)?emoglobin"),
    "inr": (r"international\s+(?:normali[sz]ed|standardi[sz]ed)\s+ratio", "INR"),
    "pt": (r"prothrombin\s+time", "PT"),
    "aptt": (r"activated\s+partial\s+thromboplastin\s+time", "APTT", "aPTT", "PTT"),
    "lvef": (r"left\s+ventric\w*\s+ejection\s+fraction", "LVEF", r"ejection\s+fraction"),
    "spo2": ("SpO2", r"(?:blood\s+)?oxygen\s+saturation", r"pulse\s+oximetry"),
    "systolic_bp": (r"systolic\s+(?:blood\s+)?(?:pressure|BP)", "SBP"),
    "diastolic_bp": (r"diastolic\s+(?:blood\s+)?(?:pressure|BP)", "DBP"),
    "bmi": (r"body\s+mass\s+index", "BMI"),
    # (one word or two: "Bodyweight over 35Kg", NCT05381194)
    "weight": (r"(?:body[\s-]*)?weight", r"weighing"),
    "sledai_2k": (r"SLEDAI[- ]?2K", r"SLEDAI[- ]?2000", "SLEDAI"),
    "selena_sledai": (r"SELENA[- ]SLEDAI",),
    "sledai_2k_clinical": (r"SLEDAI[- ]?2K\s+clinical(?:\s+symptoms?)?(?:\s+score)?", r"clinical\s+SLEDAI(?:[- ]?2K)?"),
    "pga": ("PGA", r"physician'?s?\s+global\s+assessment"),
    "prednisone_dose": (r"prednisone(?:\s+or\s+equivalent)?", r"(?:oral\s+)?(?:cortico|gluco)steroids?"),
}
# short upper-case names that must match case-sensitively ("Cr", "PT", "ALT")
_ACRONYM = re.compile(r"^[A-Za-z0-9]{1,6}$")
_SKIP_SYNONYM = {"diagnosed", "history of SLE", "years old", "ACR 1997", "dyspnea", "NYHA", "gender",
                 "sex", "women", "men", "pregnant", "pregnancy", "height",
                 # (performance status: read by performance.py alone, behind its word gate)
                 *(s for v in VARIABLES if v.id in ("ecog", "karnofsky") for s in v.synonyms)}


def _numeric_names() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(case-insensitive, case-sensitive) name patterns of the numeric variables: [(pattern, id)]."""
    ci: list[tuple[str, str]] = []
    cs: list[tuple[str, str]] = []
    for var in VARIABLES:
        if var.kind != "number":
            continue
        names = [re.escape(s).replace(r"\ ", r"\s+").replace(r"\-", r"[- ]?") for s in var.synonyms
                 if s not in _SKIP_SYNONYM]
        names += list(EXTRA_NAMES.get(var.id, ()))
        for n in names:
            plain = n.replace("\\", "")
            if _ACRONYM.match(plain) and (plain.isupper() or any(c.isupper() for c in plain[1:])):
                cs.append((n, var.id))
            else:
                ci.append((n, var.id))
    return ci, cs


_ci, _cs = _numeric_names()
# "Transaminases > 3 x ULN": one name of two variables (numbers.numeric reads it as ALT and AST)
TWO_LABS = {"@transaminases": ("alt", "ast")}
_ci.append((r"(?:serum\s+)?(?:amino)?transaminases|aminotransferases|liver\s+transaminases", "@transaminases"))
NUMERIC_CI = NameTable(sorted(set(_ci)), "v", re.I, r"(?<![\w-])")
NUMERIC_CS = NameTable(sorted(set(_cs)), "v", 0, r"(?<![\w-])")

# ---- words and states: (pattern, variable, value when affirmed, value when negated) -----------
P, N = "positive", "negative"
CHILDBEARING = r"child[- ]?bearing\s+(?:potential|age)(?:\s*\(WOCBP\))?"
STATES: tuple[tuple[str, str, bool | str, bool | str], ...] = (
    (r"hepatitis\s+B\s+(?:virus\s+)?(?:surface\s+)?antigens?(?:\s*\(HBsAg\))?|HBsAg", "hbsag", P, N),
    (r"hepatitis\s+B\s+(?:virus\s+)?core\s+antibod\w*(?:\s*\(HBcAb\))?|HBcAb|anti-?HBc", "hbcab", P, N),
    # (a viraemia is the virus's DNA / RNA found in the blood: "HCV viremia = 1,000 IU/ml", Chia NCT02902120)
    (r"(?:hepatitis\s+B\s+virus\s*(?:\(HBV\)\s*)?|HBV[- ]?)DNA|(?:hepatitis\s+B|HBV)[- ]vir(?:a)?emia", "hbv_dna", P, N),
    (r"(?:hepatitis\s+C\s+virus\s*(?:\(HCV\)\s*)?|hepatitis\s+C\s+|HCV\s+)antibod\w*|anti-?HCV|HCV\s*Ab\b", "hcv_ab", P, N),
    (r"(?:hepatitis\s+C\s+virus\s*(?:\(HCV\)\s*)?|HCV[- ]?)RNA|(?:hepatitis\s+C|HCV)[- ]vir(?:a)?emia", "hcv_rna", P, N),
    # (not "HIV-1 plasma RNA > 200 copies/mL": a viral load, not whether the patient has HIV)
    (r"human\s+immunodeficiency\s+virus(?!\s*(?:type\s*)?-?[12]?\s*(?:\(HIV(?:-?[12])?\)\s*)?(?:plasma\s+)?(?:RNA|viral\s+loads?)\b)"
     r"(?:\s*\(HIV\))?(?:\s+antibod\w*)?|HIV(?!-?[12]?\)?\s*(?:plasma\s+)?(?:RNA|viral\s+loads?)\b)(?:\s+antibod\w*|\s+infection)?", "hiv", P, N),
    # "Acquired Immune Deficiency Syndrome (AIDS) antibodies" (NCT05380934): the HIV test, not an
    # immunodeficiency of the patient's own (a bare "AIDS" is narrower than HIV: not read)
    (r"acquired\s+immune?\s*-?\s*deficiency\s+syndrome\s*(?:\(AIDS\)\s*)?antibod\w*|AIDS\s+antibod\w*", "hiv", P, N),
    (r"syphilis", "syphilis", P, N),
    (r"(?:cytomegalovirus|CMV)\s*(?:\(CMV\)\s*)?DNA", "cmv_dna", P, N),
    (r"(?:EBV|EB\s*\(Epstein[- ]Barr\)\s*virus|Epstein[- ]Barr\s+virus)\s*(?:\(EBV\)\s*)?DNA", "ebv_dna", P, N),
    (r"(?:(?:active|latent)\s+(?:or\s+(?:active|latent)\s+)?)?tuberculosis|\bTB\b", "tuberculosis", P, N),
    (r"antinuclear\s+antibod(?:y|ies)(?:\s*\(ANA\))?|\bANA\b", "ana", P, N),
    (r"anti-?ds-?DNA(?:\s+antibod(?:y|ies))?", "anti_dsdna", P, N),
    (r"anti-?Sm\b(?:\s+antibod(?:y|ies))?", "anti_sm", P, N),
    (r"(?:decreased|low|reduced)\s+(?:serum\s+)?C3", "c3_low", True, False),
    (r"(?:decreased|low|reduced)\s+(?:serum\s+)?C4|(?:(?<=\bor\s)|(?<=\band\s)|(?<=/))C4\b", "c4_low", True, False),
    (r"pregnan(?:t|cy)(?:\s+tests?)?", "pregnant", True, False),
    (r"lactating|lactation|breast[- ]?feeding|nursing", "lactating", True, False),
    (r"2019\s+(?:\w+\s+)?(?:EULAR\s*/\s*ACR|ACR\s*/\s*EULAR)|(?:EULAR\s*/\s*ACR|ACR\s*/\s*EULAR)\s+2019|2019\s+European\s+League\s+Against\s+Rheumatism[^.;]{0,60}?American\s+College\s+of\s+Rheumatology", "sle_eular_acr_2019", True, False),
    (r"active\s+lupus\s+nephritis", "lupus_nephritis_active", True, False),
    (r"neuropsychiatric\s+(?:systemic\s+)?lupus(?:\s+erythematosus)?(?:\s*\(NPSLE\))?|NPSLE|(?:active\s+)?(?:central\s+nervous\s+system|CNS)\s+lupus", "npsle", True, False),
    (r"malignan\w+|cancers?\b", "malignancy_history", True, False),
    (r"(?:(?:major|vital|solid)\s+)?organ\s+transplant\w*|(?:(?:kidney|renal|liver|heart|lung)(?:\s*,\s*(?:kidney|renal|liver|heart|lung))*\s*,?\s*(?:or|and|and/or|/)\s*)?"
     r"(?:kidney|renal|liver|heart|lung)\s+transplant\w*", "organ_transplant", True, False),
    (r"(?:h(?:a)?ematopoietic\s+stem\s+cells?|bone\s+marrow|stem\s+cells?)(?:\s*/\s*(?:or\s+)?(?:h(?:a)?ematopoietic\s+stem\s+cells?|bone\s+marrow))?\s+transplant\w*|HSCT"
     # ("Prior allogeneic stem cell or solid organ transplantation": the head noun shared, audit 16)
     r"|(?:h(?:a)?ematopoietic\s+)?stem\s+cells?(?=\s*(?:,|or|and|and/or)\s*(?:(?:solid|major|vital)\s+)?organ\s+transplant)",
     "hsct", True, False),
    (r"IgA\s+deficiency|immunoglobulin\s+A\s+deficiency", "iga_deficiency", True, False),
    # (not the "immunodeficiency" of "human immunodeficiency virus")
    (r"(?<!human\s)immuno-?deficienc(?:y|ies)(?:\s+diseases?)?|immune\s+deficienc(?:y|ies)|immunoglobulin\s+deficiency", "immunodeficiency", True, False),
    (r"asthma", "asthma", True, False),
    # a severe allergy, not any hypersensitivity: "Known hypersensitivity to statin" is not ruled
    # out by "severe allergy: no" (a mild reaction to a statin is no severe allergy), and the drug
    # it names is not on the panel: such a criterion is for a person
    # ("severe drug allergies or hypersensitivity": "severe" says it of both)
    (r"severe\s+(?:drug\s+)?(?:allerg\w*|hypersensitivit\w*)(?:\s+(?:or|and|and/or)\s+(?:drug\s+)?"
     r"(?:allerg\w*|hypersensitivit\w*)(?!\s+(?:to|of)\b))?|anaphyla\w+", "severe_allergy", True, False),
    (r"thrombotic\s+thrombocytopenic\s+purpura(?:\s*\(TTP\))?|thrombotic\s+microangiopathy(?:\s*\(TMA\))?|\bTTP\b|\bTMA\b", "ttp_tma_history", True, False),
    (r"end[- ]stage\s+(?:renal|kidney)\s+(?:disease|failure)|ESRD|ESKD", "end_stage_renal_disease", True, False),
    (r"psychiatric\s+(?:disorders?|illness(?:es)?|diseases?)|mental\s+illness(?:es)?", "psychiatric_disorder", True, False),
    (r"(?:central\s+nervous\s+system|CNS)\s+(?:diseases?|disorders?)", "cns_disease", True, False),
    (r"other\s+(?:systemic\s+)?autoimmune\s+diseases?", "other_autoimmune_disease", True, False),
    # only a severe one: a "no severe cardiac disease" does not rule out a plain "heart failure"
    # or "cardiac disease", which are left to a person
    # (a heart failure is one kind of it: "yes" would not say the patient has that kind; an NYHA
    # class reads heart failure)
    # "Severe cardiac or renal disease": the head noun shared by a list of organs is each one's;
    # the cardiac part is read, the others stay for a person, joined by the list's "or"
    (r"(?:severe|serious|(?:clinically\s+)?significant|uncontrolled|unstable)\s+"
     r"(?:and\s+uncontrolled\s+)?(?:cardiac|cardiovascular|heart)(?:\s+diseases?|"
     r"(?=(?:\s*,\s*[a-z]+){0,4},?\s+(?:or|and\s*/\s*or)\s+[a-z]+\s+diseases?\b))", "severe_cardiac_disease", True, False),
    (r"(?:uncontroll(?:ed|able)|active|severe|serious)\s+(?:(?!chronic|tuberculosis|tb\b|hepatitis|hiv\b|hbv\b|hcv\b|conditions?\b|diseases?\b|disorders?\b|illness(?:es)?\b|lesions?\b)[\w,]+\s+){0,9}?infections?|infections?\s+requiring\s+(?:\w+\s+){0,2}(?:therapy|treatment)", "active_infection", True, False),
    # childbearing potential: read only where denied ("Not a woman of childbearing potential",
    # "women of non-childbearing potential"); states.py says why
    (r"wom[ae]n\s+(?:of\s+)?(?:non[- ]?)?" + CHILDBEARING + r"|females?\s+(?:of\s+)?(?:non[- ]?)?" + CHILDBEARING
     + r"|" + CHILDBEARING + r"|WOCBPs?|reproductive\s+potential", "childbearing_potential", True, False),
)
_STATE_CS = {"hbsag", "hbcab", "hbv_dna", "hcv_ab", "hcv_rna", "hiv", "cmv_dna", "ebv_dna", "ana",
             "anti_dsdna", "anti_sm", "ttp_tma_history", "tuberculosis", "iga_deficiency"}
STATE_NAMES = NameTable([(p, str(i)) for i, (p, *_rest) in enumerate(STATES)], "s", re.I)   # id: index in STATES
STATE_INFO = [(var, yes, no) for _, var, yes, no in STATES]
# each infection marker's pathogen (two markers of one pathogen confirm each other, joins.py; the
# markers are the infections an unread list of names may go on, unread.py)
PATHOGEN = {"hbsag": "hbv", "hbcab": "hbv", "hbv_dna": "hbv", "hcv_ab": "hcv", "hcv_rna": "hcv", "hiv": "hiv",
            "cmv_dna": "cmv", "ebv_dna": "ebv", "syphilis": "syphilis", "tuberculosis": "tb"}
HYPOCOMPLEMENT_RX = re.compile(r"hypocomplement\w*|low\s+complement", re.I)

_TNF = (r"(?:tumou?r\s+necrosis\s+factor(?:[- ]?(?:alpha|\u03b1))?(?:\s*\(TNF(?:[- ]?(?:alpha|\u03b1))?\))?"
        r"|TNF(?:[- ]?(?:alpha|\u03b1|a))?)")
_INVESTIGATIONAL = (r"investigational\s+(?:medicinal\s+)?(?:agents?|drugs?|products?|medications?|therap(?:y|ies)"
                    r"|treatments?)(?!\s+(?:in|of|from)\s+(?:this|the\s+(?:present|current))\s+(?:study|trial))")

# ---- drugs and classes: (pattern, id) ----------------------------------------------------------
CLASS_PHRASES: tuple[tuple[str, str], ...] = (
    # the noun names the conventional drugs ("immunosuppressants" beside "glucocorticoids"); the
    # adjective, or the noun before "therapy", any therapy that suppresses immunity (drugs.py)
    (r"immunosuppressants?(?:\s+(?:agents?|drugs?))?(?!\s+(?:therap|medication))|immunomodulatory\s+drugs?",
     "immunosuppressant"),
    (r"immunosuppress(?!ants?\b)\w+(?:\s+(?:agents?|drugs?|therap\w+|medications?))?"
     r"|immunosuppressants?\s+(?:therap\w+|medications?)", "immunosuppressive"),
    # depleting (rituximab, CD19 CAR-T) is narrower than targeted (belimumab too): panel.md
    (r"b[- ]cell\s+(?:depleti\w+|depleting)(?:\s+(?:therap\w+|agents?|drugs?))?|anti-?CD20\s+(?:therap\w+|antibod\w+)", "b_cell_depleting"),
    (r"b[- ]cell\s+targeted(?:\s+(?:therap\w+|agents?|drugs?))?", "b_cell_targeted"),
    (r"biologic(?:al)?s?(?:\s+(?:agents?|therap\w+|drugs?|DMARDs?))?", "biologic"),
    (r"JAK\s+inhibitors?", "jak_inhibitor"),
    # "anti-TNF agent", "other anti-TNF antagonists", "TNF-inhibitors", "tumor necrosis factor
    # (TNF)-antagonist", "TNF-alpha blockers"
    (r"anti-?\s*" + _TNF + r"(?:\s+(?:antagonists?|inhibitors?|blockers?|agents?|antibod(?:y|ies)|biologics?|drugs?"
     r"|therap(?:y|ies)|medications?|treatments?))?", "tnf_inhibitor"),
    (_TNF + r"[- ]?(?:antagonists?|inhibitors?|blockers?|blocking\s+agents?)(?:\s+(?:agents?|therap(?:y|ies)|drugs?"
     r"|medications?|treatments?))?", "tnf_inhibitor"),
    # targeted synthetic DMARDs: for immune diseases these are the JAK inhibitors
    (r"small[- ]molecule\s+targeted\s+(?:drugs?|therap\w+|agents?|medications?)|targeted\s+synthetic\s+DMARDs?|tsDMARDs?", "jak_inhibitor"),
    (r"(?:oral\s+)?(?:gluco|cortico)steroids?|glucocorticoids?", "glucocorticoid"),
    # "Steroids use 2 weeks prior to testing", "systemic steroids": corticosteroids, as criteria
    # mean them (not "anabolic steroids", nor "steroid-refractory", "steroid-sparing")
    (r"(?<!anabolic\s)(?<!androgenic\s)(?<!sex\s)steroids?(?![- ](?:refractory|resistant|dependent|sparing|responsive|"
     r"naive|naïve|induced|hormones?|receptors?))(?!\s+(?:for|to)\s+(?:performance|body|muscle))", "glucocorticoid"),
    (r"antimalarials?(?:\s+drugs?)?", "antimalarial"),
    (r"CD19[- ]targeted(?:\s+(?:therap\w+|agents?))?|anti-?CD19\s+(?:therap\w+|antibod\w+)", "cd19_targeted"),
    (r"(?:(?:CAR[- ]?T|CAR[- ]?NK)\s+)?cell(?:ular)?\s+therap\w+", "cell_therapy"),
    (r"gene\s+therap\w+(?:\s+products?)?", "gene_therapy"),
    (r"mRNA[- ]LNP(?:\s+products?)?|LNP\s+(?:medications?|products?|drugs?)", "mrna_lnp"),
    # "live-attenuated", "live virus vaccine", "a live or live-attenuated virus or live or
    # live-attenuated bacteria vaccine" (NCT00739882): only these words between "live" and "vaccine"
    (r"live(?:[\s-]+attenuated)?(?:\s+(?:or|and|live(?:[\s-]+attenuated)?|attenuated|vir(?:us|uses|al)|bacteri(?:a|al|um)|organisms?)){0,8}?\s+vaccin\w+", "live_vaccine"),
    (r"plasmapheresis|plasma\s+exchange", "plasmapheresis"),
    (r"immuno-?(?:adsorption|sorbent\s+therapy)", "immunoadsorption"),
    (r"intravenous\s+immunoglobulins?(?:\s*\(IVIG\))?|IVIG", "ivig"),
    (r"h(?:a)?emodialysis|dialysis", "hemodialysis"),
    (r"(?:blood\s+)?transfusions?", "transfusion"),
    (r"growth\s+factors?|colony[- ]stimulating\s+factors?|G-CSF", "growth_factor"),
    (r"major\s+surger\w+", "major_surgery"),
    (r"(?:other|another|any\s+other)\s+(?:interventional\s+)?(?:clinical\s+)?(?:studies|study|trials?|investigational\s+(?:drugs?|studies|study))", "other_clinical_trial"),
    # an investigational drug is one taken in a trial (panel.md: "other clinical trial"), when the
    # words say one was taken: "any / an investigational agent", "received / treatment with
    # investigational therapy", or the criterion's first words. Not "the investigational product"
    # nor "exposure to / or investigational product (Raptiva)": this study's own
    *((before + _INVESTIGATIONAL, "other_clinical_trial")
      for before in (r"(?<=\bany\s)", r"(?<=\ban\s)", r"(?<=\bother\s)", r"(?<=\breceived\s)",
                     r"(?<=\bwith\s)", r"(?<![\w,;()]\s)")),
)


def _drug_patterns() -> list[tuple[str, str]]:
    """Name patterns of the drug classes and drugs: [(pattern, id)]."""
    from trialview.model.drugs import CRITERIA_DRUGS

    out = list(CLASS_PHRASES)
    for d in CRITERIA_DRUGS:
        if d.id == "other_clinical_trial":
            continue
        for name in (d.name, *d.synonyms):
            if len(name) < 4 and not name.isupper():
                continue
            out.append((re.escape(name).replace(r"\ ", r"\s+").replace(r"\-", r"[- ]?"), d.id))
    return out


DRUG_NAMES = NameTable(_drug_patterns(), "d", re.I, r"(?<![\w-])")
# the four tables read in one pass: numeric names, case-insensitive and case-sensitive; states; drugs
NAMES = NameScanner([NUMERIC_CI, NUMERIC_CS, STATE_NAMES, DRUG_NAMES])

# ---- time -------------------------------------------------------------------------------------
DAYS_PER = {"day": 1, "week": 7, "month": 30, "year": 365}
_TU = r"(days?|weeks?|wks?|months?|years?|yrs?)"
WINDOW_RX = re.compile(
    r"\b(?:within|in|during|over)\s+(?:the\s+)?(?:last|past|previous|preceding|prior|first"
    # ("within recent 12 weeks"; not "in recent months", which says no length)
    r"|(?:most\s+)?recent(?=\s*(?:" + NUMW + r")))?\s*(" + NUMW + r")?\s*"
    # (not the study's own weeks: "during the 16 week treatment period of the study", "the 12-week study")
    + _TU + r"(?![\s-]+(?:after|following|(?:study\s+)?(?:treatment|study|trial|double-blind|open-label|run-in|"
    r"follow-up|extension|maintenance)\s+(?:period|phase)|(?:study|trial)\b))", re.I)


def may_window(low: str) -> bool:
    """Whether WINDOW_RX may match in the text whose lower case is low: it needs a unit of time
    (_TU; K, the Kelvin sign that the regex reads as a "k" of "wk", lowers to "k"; most texts
    have none)."""
    return "day" in low or "wk" in low or "week" in low or "month" in low or "year" in low or "yr" in low


def days(n: float, unit: str) -> float:
    u = unit.lower()
    key = "day" if u.startswith("d") else "week" if u.startswith("w") else "month" if u.startswith("mo") else "year"
    return n * DAYS_PER[key]


def months(n: float, unit: str) -> int | None:
    """A window's length in calendar months, when the text gave it in whole months or years (the
    matcher counts those by the calendar: matching/windows.py); None for days and weeks."""
    u = unit.lower()
    count = n if u.startswith("mo") else n * 12 if u.startswith("y") else None
    return int(count) if count is not None and count.is_integer() and count > 0 else None


# ---- clause masks -----------------------------------------------------------------------------
EXAMPLES_RX = re.compile(
    r"\((?:\s*(?:including|includes|such\s+as|e\.?\s?g\.?|eg|i\.e\.|for\s+example|excluding|like)\b)[^()]*(?:\([^()]*\)[^()]*)*\)"
    r"|\b(?:including\s+but\s+not\s+limited\s+to|such\s+as)\b[^.;]*"
    # "Severe infectious disease, example (eg) Human Immunodeficiency Virus positive or active
    # tuberculosis" (audit 14), "e.g. HIV or TB", "for example ...": examples of what it names
    # (up to ", or" / ", and": what follows may be another way, not an example: "... for example,
    # methotrexate, cyclosporine or azathioprine, or chronic use of corticosteroids")
    r"|\b(?:e\.g\.|for\s+(?:example|instance)\b,?|example\s*\(\s*e\.?\s?g\.?\s*\)):?(?=\s)[^;]*?"
    # (nor a window after them: "a biologic, for example belimumab, within 3 months of Day 1")
    r"(?=,\s*(?:or|and)\s|,?\s*(?:within|during|prior\s+to|before|in\s+the\s+(?:last|past|previous|preceding))\s"
    r"|\.\s|\.?$|;)",
    re.I)
EXCEPT_RX = re.compile(
    r"\((?=[^()]*\b(?:except|unless|excluding|if|gilbert'?s?|in\s+case|in\s+patients\s+with|for\s+patients\s+with|other\s+than)\b)[^()]*(?:\([^()]*\)[^()]*)*\)"
    r"|\b(?:except(?:\s+for)?|unless|other\s+than|but\s+excluding)\b[^.;()]*", re.I)
# an EXCEPT_RX parenthesis of examples that goes on to name an exception ("(including ...
# tuberculosis, but excluding onychomycosis)"): the examples, up to the word that excludes
EXAMPLES_THEN_EXCEPT = re.compile(
    r"(?:including|includes|such\s+as|e\.?\s?g\.?)\b[^()]*?(?:,\s*)?(?:\bbut\s+)?(?=\b(?:excluding|except|other\s+than)\b)",
    re.I)
IF_CLAUSE_RX = re.compile(r"(?:^|(?<=[.;:]\s))\s*If\b[^,.;]*[,]?", re.I)
# "non-" denies only the word it is joined to ("non-pregnant", "non lactating"): a name that
# starts with it ("non-small cell lung cancer", "non-Hodgkin lymphoma") is still the disease
# after "no" / "not": not a quantity ("no more than one", "not later than")
NOT_A_QUANTITY_WORDS = "more|less|later|fewer|greater|longer"
NOT_A_QUANTITY = r"(?!\s+(?:" + NOT_A_QUANTITY_WORDS + r")\s+than\b)"
NEGATION_BEFORE_RX = re.compile(
    # ("no history of" counts as "no": "Has no history of untreated latent or active tuberculosis")
    # ("not suffering from" and "no history of" reach further: "Patients not suffering from
    # endometrial or epithelial ovarian cancer", "No history of inadequately treated tuberculosis")
    r"(?:\bnot\s+suffer\w*\s+from\b[\w\s/,-]{0,40}|\bno\s+(?:(?:known|prior|previous|documented|personal)\s+)?"
    r"history\s+of\b[\w\s/-]{0,30}"
    r"|(?:\bno\b" + NOT_A_QUANTITY + r"|\bnot\b" + NOT_A_QUANTITY + r"|\bwithout\b|\bnever\b|\babsence\s+of\b|\bfree\s+of\b|\bnegative\s+(?:for\s+)?|\bundetectable\s+|\bmust\s+not\s+be\b|\bdenies\b)[\w\s/-]{0,20}"
    r"|\bnon[- ]?)$", re.I)
# (not "negative ... pregnancy test": a test of its own, not the mention's result: "Pregnancy (a
# negative serum or urine pregnancy test should be available ...) or lactation", Chia
# NCT02596555, is no "not pregnant")
NEGATIVE_AFTER_RX = re.compile(
    r"[\w\s()/-]{0,60}?\b(?:negative(?!\s+(?:(?:serum|urine|blood|or|and|/)\s*)*(?:pregnancy|hcg|"
    r"\u03b2-?hcg|beta-?hcg)\b)|undetectable|not\s+detected|seronegative)\b", re.I)
