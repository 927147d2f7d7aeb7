"""The patient variables of shared/design/panel.md, as data: ids, labels, units, synonyms (the
drugs and their classes are in drugs.py).

Ids are a public format: add freely, never rename.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

ValueKind = Literal["number", "bool", "choice"]


@dataclass(frozen=True)
class Variable:
    id: str
    label: str
    group: str
    kind: ValueKind
    unit: str | None = None                 # canonical unit ("bool"/"choice" have none)
    units: tuple[str, ...] = ()             # other units the form and panel files accept
    choices: tuple[str, ...] = ()           # words for "choice" variables
    synonyms: tuple[str, ...] = ()          # how criteria text names it
    low: float | None = None                # plausible range: outside it is an input error
    high: float | None = None
    needs_uln: bool = False                 # canonical unit is xULN: U/L needs the lab's ULN
    # the lowest a lab's upper limit of normal of it can be, where the value is already a ratio
    # to normal (INR: a normal plasma's is 1.0 by its definition, so any lab's ULN is above 1.0)
    uln_floor: float | None = None
    integer: bool = False                   # only whole numbers are values of it (a grade on a scale)


GROUPS: tuple[tuple[str, str], ...] = (
    ("person", "Person"),
    ("sle", "SLE activity"),
    ("serology", "Serology"),
    ("blood", "Blood counts"),
    ("chemistry", "Chemistry, urine"),
    ("cardio", "Coagulation, heart, lungs"),
    ("infection", "Infections"),
    ("history", "History"),
)

POS_NEG = ("positive", "negative")
# The words a yes/no value may be written as, in a panel file and in a criterion's check alike
# (panel.md: booleans also accept positive/negative, yes/no, present/absent).
TRUE_WORDS = frozenset({"true", "yes", "y", "positive", "pos", "present", "detectable", "detected", "+"})
FALSE_WORDS = frozenset({"false", "no", "n", "negative", "neg", "absent", "undetectable", "not detected", "-"})
DETECT = ("positive", "negative", "detectable", "undetectable")
# states that come and go: a "no" today says nothing of "an infection within the last 28 days"
# (a history variable's "no", malignancy_history's, means never, so it answers any window)
PASSING_STATES = frozenset({"active_infection", "tuberculosis", "pregnant", "lactating"})

_V = Variable
VARIABLES: tuple[Variable, ...] = (
    # Person
    _V("age", "Age", "person", "number", "years", synonyms=("age", "aged", "years old"), low=0, high=130),
    _V("sex", "Sex", "person", "choice", choices=("female", "male"),
       synonyms=("gender", "sex", "women", "men")),
    _V("weight", "Weight", "person", "number", "kg", ("lb",), synonyms=("body weight", "weight"),
       low=0.5, high=400),
    _V("height", "Height", "person", "number", "cm", ("m", "in"), synonyms=("height",), low=30, high=250),
    _V("bmi", "BMI", "person", "number", "kg/m2", synonyms=("BMI", "body mass index"), low=5, high=100),
    _V("pregnant", "Pregnant", "person", "bool", synonyms=("pregnant", "pregnancy")),
    _V("lactating", "Lactating", "person", "bool", synonyms=("lactating", "breastfeeding", "nursing")),
    _V("childbearing_potential", "Childbearing potential", "person", "bool",
       synonyms=("women of childbearing potential", "fertile")),
    # Performance status: two scales, never converted into each other (the published tables that
    # map one to the other disagree at the edges: Karnofsky 70 is ECOG 1 in some, 2 in others), so
    # a Karnofsky limit is not answered by an ECOG value, nor the reverse: a patient with only the
    # other scale leaves the limit open. Zubrod and the WHO performance status are the ECOG scale.
    # (criteria/performance.py reads both; the name tables of the numbers do not: lexicon.py)
    _V("ecog", "ECOG status (0-5)", "person", "number", "score",
       synonyms=("ECOG", "ECOG performance status", "ECOG PS", "Eastern Cooperative Oncology Group",
                 "Eastern Cooperative Oncology Group performance status", "performance status",
                 "Zubrod", "Zubrod performance status", "WHO performance status"),
       low=0, high=5, integer=True),
    _V("karnofsky", "Karnofsky score", "person", "number", "%",
       synonyms=("Karnofsky", "Karnofsky performance status", "Karnofsky performance score", "KPS"),
       low=0, high=100),
    # SLE
    _V("sle_eular_acr_2019", "Meets 2019 EULAR/ACR criteria", "sle", "bool",
       synonyms=("2019 EULAR/ACR", "2019 ACR/EULAR")),
    _V("sle_acr_1997_count", "ACR 1997 criteria met (of 11)", "sle", "number", "criteria",
       synonyms=("ACR 1997",), low=0, high=11),
    _V("sle_duration_months", "SLE duration", "sle", "number", "months", ("years", "weeks"),
       synonyms=("history of SLE", "diagnosed"), low=0, high=1200),
    _V("sledai_2k", "SLEDAI-2K", "sle", "number", "score",
       synonyms=("SLEDAI-2K", "SLEDAI-2000", "SLEDAI 2000", "SLEDAI"), low=0, high=105),
    _V("selena_sledai", "SELENA-SLEDAI", "sle", "number", "score", synonyms=("SELENA-SLEDAI",),
       low=0, high=105),
    _V("sledai_2k_clinical", "SLEDAI-2K clinical", "sle", "number", "score",
       synonyms=("SLEDAI-2K clinical",), low=0, high=105),
    _V("bilag_a", "BILAG-2004 A domains", "sle", "number", "domains",
       synonyms=("BILAG-2004 A", "BILAG A"), low=0, high=9),
    _V("bilag_b", "BILAG-2004 B domains", "sle", "number", "domains",
       synonyms=("BILAG-2004 B", "BILAG B"), low=0, high=9),
    _V("pga", "PGA (0-3)", "sle", "number", "score", synonyms=("PGA", "physician global assessment"),
       low=0, high=3),
    _V("prednisone_dose", "Prednisone-equivalent dose", "sle", "number", "mg/day",
       synonyms=("prednisone", "corticosteroids"), low=0, high=2000),
    _V("lupus_nephritis_active", "Active lupus nephritis", "sle", "bool",
       synonyms=("active lupus nephritis",)),
    _V("npsle", "Neuropsychiatric lupus", "sle", "bool", synonyms=("NPSLE", "neuropsychiatric lupus")),
    # Serology
    _V("ana", "ANA", "serology", "choice", choices=POS_NEG, synonyms=("ANA", "antinuclear antibody")),
    _V("anti_dsdna", "Anti-dsDNA", "serology", "choice", choices=POS_NEG,
       synonyms=("anti-dsDNA", "anti-ds-DNA")),
    _V("anti_sm", "Anti-Sm", "serology", "choice", choices=POS_NEG, synonyms=("anti-Sm",)),
    _V("c3_low", "Low C3", "serology", "bool", synonyms=("decreased C3", "low C3", "hypocomplementemia")),
    _V("c4_low", "Low C4", "serology", "bool", synonyms=("decreased C4", "low C4")),
    # Blood counts
    _V("hemoglobin", "Hemoglobin", "blood", "number", "g/L", ("g/dL", "mmol/L"),
       synonyms=("hemoglobin", "haemoglobin", "Hb", "HGB", "hemoglobin concentration"), low=10, high=250),
    _V("wbc", "WBC", "blood", "number", "10^9/L", ("/µL", "/mm3", "cells/µL"),
       synonyms=("white blood cell count", "WBC", "leukocytes", "white blood cells", "leukocyte count"), low=0, high=500),
    _V("anc", "ANC", "blood", "number", "10^9/L", ("/µL", "/mm3", "cells/µL"),
       synonyms=("absolute neutrophil count", "ANC", "neutrophils", "neutrophil count"), low=0, high=300),
    _V("alc", "ALC", "blood", "number", "10^9/L", ("/µL", "/mm3", "cells/µL"),
       synonyms=("absolute lymphocyte count", "ALC", "lymphocytes"), low=0, high=300),
    _V("platelets", "Platelets", "blood", "number", "10^9/L", ("/µL", "/mm3", "cells/µL"),
       synonyms=("platelets", "platelet count", "PLT", "PLT count"), low=0, high=3000),
    # Chemistry
    _V("alt", "ALT", "chemistry", "number", "xULN", ("U/L",), synonyms=("ALT", "alanine aminotransferase", "SGPT", "alanine transaminase"),
       low=0, high=200, needs_uln=True),
    _V("ast", "AST", "chemistry", "number", "xULN", ("U/L",), synonyms=("AST", "aspartate aminotransferase", "SGOT", "aspartate transaminase"),
       low=0, high=200, needs_uln=True),
    _V("total_bilirubin", "Total bilirubin", "chemistry", "number", "mg/dL", ("µmol/L", "xULN"),
       synonyms=("total bilirubin", "TBIL", "bilirubin"), low=0, high=60),
    _V("creatinine", "Creatinine", "chemistry", "number", "mg/dL", ("µmol/L",),
       synonyms=("serum creatinine", "Cr", "creatinine"), low=0, high=30),
    _V("egfr", "eGFR", "chemistry", "number", "mL/min/1.73m2", synonyms=("eGFR", "estimated glomerular filtration rate", "GFR", "glomerular filtration rate", "estimated GFR", "calculated eGFR"),
       low=0, high=250),
    _V("crcl", "Creatinine clearance", "chemistry", "number", "mL/min",
       synonyms=("creatinine clearance", "CrCl", "calculated creatinine clearance", "estimated creatinine clearance", "CLcr"), low=0, high=300),
    _V("upcr", "Urine protein/creatinine", "chemistry", "number", "g/g", ("mg/mg", "mg/mmol", "mg/g"),
       synonyms=("urine protein/creatinine ratio", "UPCR", "UPC"), low=0, high=50),
    _V("urine_protein_24h", "24-h urine protein", "chemistry", "number", "g/24h", ("mg/24h",),
       synonyms=("24-hour urine protein", "proteinuria"), low=0, high=50),
    _V("albumin", "Albumin", "chemistry", "number", "g/dL", ("g/L",), synonyms=("serum albumin", "albumin"),
       low=0, high=10),
    _V("hba1c", "HbA1c", "chemistry", "number", "%", ("mmol/mol",), synonyms=("HbA1c", "hemoglobin A1c", "A1c", "glycated hemoglobin"), low=2, high=25),
    # Coagulation, heart, lungs
    _V("inr", "INR", "cardio", "number", "ratio", synonyms=("INR", "international normalized ratio", "international standardized ratio"),
       low=0.5, high=20, uln_floor=1.0),
    _V("pt", "PT", "cardio", "number", "xULN", synonyms=("PT", "prothrombin time"), low=0, high=20),
    _V("aptt", "APTT", "cardio", "number", "xULN", synonyms=("APTT", "aPTT", "activated partial thromboplastin time"), low=0, high=20),
    _V("lvef", "LVEF", "cardio", "number", "%", synonyms=("LVEF", "left ventricular ejection fraction", "ejection fraction", "left ventricle ejection fraction"),
       low=0, high=100),
    _V("spo2", "SpO2", "cardio", "number", "%", synonyms=("SpO2", "oxygen saturation", "pulse oximetry"), low=0, high=100),
    _V("nyha_class", "NYHA class", "cardio", "number", "class", synonyms=("NYHA",), low=1, high=4),
    _V("dyspnea_grade", "Dyspnea (CTCAE grade)", "cardio", "number", "grade", synonyms=("dyspnea",),
       low=0, high=5),
    _V("systolic_bp", "Systolic BP", "cardio", "number", "mmHg", synonyms=("systolic blood pressure", "SBP"),
       low=30, high=300),
    _V("diastolic_bp", "Diastolic BP", "cardio", "number", "mmHg", synonyms=("diastolic blood pressure", "DBP"),
       low=10, high=200),
    # Infections
    _V("hbsag", "HBsAg", "infection", "choice", choices=POS_NEG, synonyms=("HBsAg", "hepatitis B surface antigen")),
    _V("hbcab", "HBcAb", "infection", "choice", choices=POS_NEG, synonyms=("HBcAb", "hepatitis B core antibody")),
    _V("hbv_dna", "HBV DNA", "infection", "choice", choices=DETECT, synonyms=("HBV DNA",)),
    _V("hcv_ab", "HCV antibody", "infection", "choice", choices=POS_NEG, synonyms=("HCV antibody", "hepatitis C antibody")),
    _V("hcv_rna", "HCV RNA", "infection", "choice", choices=DETECT, synonyms=("HCV RNA",)),
    _V("hiv", "HIV", "infection", "choice", choices=POS_NEG, synonyms=("HIV",)),
    _V("syphilis", "Syphilis", "infection", "choice", choices=POS_NEG, synonyms=("syphilis",)),
    _V("cmv_dna", "CMV DNA", "infection", "choice", choices=DETECT, synonyms=("CMV DNA", "cytomegalovirus DNA")),
    _V("ebv_dna", "EBV DNA", "infection", "choice", choices=DETECT, synonyms=("EBV DNA", "Epstein-Barr virus DNA")),
    _V("tuberculosis", "Tuberculosis (active or latent)", "infection", "choice", choices=POS_NEG,
       synonyms=("tuberculosis", "TB")),
    _V("active_infection", "Uncontrolled active infection", "infection", "bool",
       synonyms=("active infection", "uncontrolled infection")),
    # History
    _V("malignancy_history", "Malignancy", "history", "bool", synonyms=("malignancy", "cancer")),
    _V("organ_transplant", "Organ transplant", "history", "bool", synonyms=("organ transplantation",)),
    _V("hsct", "Stem-cell / bone-marrow transplant", "history", "bool",
       synonyms=("hematopoietic stem cell transplantation", "bone marrow transplantation")),
    _V("cns_disease", "CNS disease", "history", "bool", synonyms=("central nervous system disease",)),
    _V("other_autoimmune_disease", "Other autoimmune disease", "history", "bool",
       synonyms=("other autoimmune diseases",)),
    _V("immunodeficiency", "Immunodeficiency", "history", "bool", synonyms=("immunodeficiency",)),
    _V("iga_deficiency", "IgA deficiency", "history", "bool", synonyms=("IgA deficiency",)),
    _V("ttp_tma_history", "TTP / TMA", "history", "bool",
       synonyms=("thrombotic thrombocytopenic purpura", "thrombotic microangiopathy")),
    _V("severe_allergy", "Severe allergy", "history", "bool", synonyms=("severe allergy", "hypersensitivity")),
    _V("asthma", "Asthma", "history", "bool", synonyms=("asthma",)),
    _V("psychiatric_disorder", "Psychiatric disorder", "history", "bool", synonyms=("psychiatric disorder",)),
    _V("end_stage_renal_disease", "End-stage renal disease", "history", "bool",
       synonyms=("end-stage renal disease", "end-stage renal failure")),
    _V("severe_cardiac_disease", "Severe cardiac disease", "history", "bool",
       synonyms=("severe cardiac disease", "heart failure")),
)

BY_ID: dict[str, Variable] = {v.id: v for v in VARIABLES}

# What nearly every chart of a patient with SLE holds at a screening visit: who the patient is, how
# long the disease has run, its activity score, serology (ANA and anti-Sm from the diagnosis,
# anti-dsDNA and complement followed at every visit) and steroid dose, a blood count with
# differential, the liver and kidney panel with urine protein, and the viral screen every trial's
# screening repeats. Ask next asks these first among questions that decide as many trials, so a
# screener meets what the chart answers before what it rarely does. (Anti-Sm was not routine
# until session 9: two newcomers with an anti-Sm-positive patient looked for it after anti-dsDNA
# and found it only with ^f; "anti-dsDNA or anti-Sm" is a common lupus criterion.)
ROUTINE: frozenset[str] = frozenset({
    "age", "sex", "weight", "pregnant",
    "sle_duration_months", "sledai_2k", "prednisone_dose",
    "ana", "anti_dsdna", "anti_sm", "c3_low", "c4_low",
    "hemoglobin", "wbc", "anc", "alc", "platelets",
    "alt", "ast", "total_bilirubin", "creatinine", "egfr", "albumin", "upcr",
    "hbsag", "hcv_ab", "hiv",
})
FORM_ORDER: dict[str, int] = {v.id: i for i, v in enumerate(VARIABLES)}   # the form's order
CHART_ORDER: tuple[str, ...] = tuple(sorted(ROUTINE, key=FORM_ORDER.__getitem__))  # ROUTINE, form's order


def variable(var_id: str) -> Variable | None:
    return BY_ID.get(var_id)


# Words a yes/no field is read from, whole or by their start ("ye", "pres").
_BOOL_WORDS = {"yes": True, "no": False, "true": True, "false": False, "positive": True,
               "negative": False, "present": True, "absent": False}
_SEX_WORDS = {"f": "female", "woman": "female", "m": "male", "man": "male"}


def read_word(var_id: str, text: str) -> bool | str | None:
    """The one rule that reads a yes/no or choice field, in panel files and in the form alike:
    a choice itself, the usual shorthand (y, n, +, -, pos, neg, f, m), or the start of exactly one
    meaning ("p" for positive, "fem", "ye"). None when it is none of them or could be two
    things ("d" of detectable / undetectable is only detectable, but "e" matches nothing)."""
    word = text.strip().lower()
    if not word:
        return None
    whole, words = _answer_words(var_id)
    if word in words:
        return words[word]
    # The start of a word: only of the words themselves, not of the shorthand ("de" is not
    # "detected", so it reads "detectable" alone).
    meant = {value for w, value in whole.items() if w.startswith(word)}
    return meant.pop() if len(meant) == 1 else None


@functools.cache
def _answer_words(var_id: str) -> tuple[dict[str, bool | str], dict[str, bool | str]]:
    """(the words an answer may be the start of, every word read whole) of one field."""
    var = BY_ID[var_id]
    whole: dict[str, bool | str]
    if var.kind == "bool":
        whole = dict(_BOOL_WORDS)
        words = dict(whole)
        words.update(dict.fromkeys(TRUE_WORDS, True))
        words.update(dict.fromkeys(FALSE_WORDS, False))
        return whole, words
    whole = {c: c for c in var.choices}
    if var_id == "sex":
        whole.update(_SEX_WORDS)
    words = dict(whole)
    if "positive" in var.choices:
        words.update({w: "positive" for w in TRUE_WORDS if w not in words})
    if "negative" in var.choices:
        words.update({w: "negative" for w in FALSE_WORDS if w not in words})
    return whole, words
