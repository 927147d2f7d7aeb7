"""The patient variables of shared/design/panel.md, as data: ids, labels, units, synonyms, drugs.

Ids are a public format: add freely, never rename.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
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


# --- therapies --------------------------------------------------------------------------------

DRUG_CLASSES: dict[str, str] = {
    "glucocorticoid": "glucocorticoids",
    "antimalarial": "antimalarials",
    "immunosuppressant": "immunosuppressants",
    "immunosuppressive": "immunosuppressive therapies",
    "b_cell_depleting": "B-cell depleting therapies",
    "b_cell_targeted": "B-cell targeted therapies",
    "biologic": "biologics",
    "jak_inhibitor": "JAK inhibitors",
    "tnf_inhibitor": "TNF inhibitors",
    "cd19_targeted": "CD19-targeted therapies",
    "cell_therapy": "cell therapies",
    "car_t": "CAR-T cell therapies",
    "gene_therapy": "gene therapies",
    "procedure": "procedures and exposures",
    "cytotoxic": "cytotoxic chemotherapies",
}


# A class is also each class it sits in (panel.md's therapy table): every B-cell depleting drug
# targets B cells, every B-cell targeted drug is a biologic, every CAR-T is a cell therapy.
# "Immunosuppressive agents / therapy / medication" is a broader class than the conventional
# immunosuppressants (mycophenolate, azathioprine, ...): the antibodies against B cells, cytokines,
# interferon or complement and the JAK inhibitors are immunosuppressive too (ATC L04; audit 10:
# infliximab ten days before "systemic immunosuppressant therapy within 14 days" was read as
# none). An oncology antibody is a biologic but suppresses no immunity: "biologic" is not under it.
CLASS_PARENTS: dict[str, tuple[str, ...]] = {
    "b_cell_depleting": ("b_cell_targeted",),
    "b_cell_targeted": ("biologic",),
    "car_t": ("cell_therapy",),
    "immunosuppressant": ("immunosuppressive",),
    "jak_inhibitor": ("immunosuppressive",),
    "tnf_inhibitor": ("biologic", "immunosuppressive"),
}

# Drugs that belong to a class at some doses or uses only, or in some of the words' meanings:
# {class: {class of such drugs: why}}. Such a drug neither meets nor clears a check of the class
# on its own: where it would change the answer, whether the patient's counts is for a person
# (matching/therapy.py; a count of the drugs tried, "at least two immunosuppressants", counts the
# sure ones only). "Low-dose corticosteroids for ... adrenal insufficiency are eligible"
# (NCT05482516 exc-34); "immunosuppressants" beside "glucocorticoids" in a lupus trial means the
# conventional ones, where ATC puts the antibodies with them.
CLASS_MAYBE: dict[str, dict[str, str]] = {
    "immunosuppressive": {
        "glucocorticoid": "a glucocorticoid is immunosuppressive at some doses only",
        "cell_therapy": "a cell therapy may count by its conditioning or the cells it depletes",
        "cytotoxic": "some texts count chemotherapy among the immunosuppressive therapies",
    },
    "immunosuppressant": {
        "immunosuppressive": "immunosuppressants may mean the conventional ones only (mycophenolate, azathioprine, ...)",
        "cytotoxic": "some texts count chemotherapy among the immunosuppressants",
    },
}


def _with_parents(classes: tuple[str, ...]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    todo = list(classes)
    while todo:
        cls = todo.pop(0)
        if cls not in out:
            out[cls] = None
            todo.extend(CLASS_PARENTS.get(cls, ()))
    return tuple(out)


@dataclass(frozen=True)
class Drug:
    id: str
    name: str
    classes: tuple[str, ...]
    synonyms: tuple[str, ...] = field(default=())


# (the antibodies and fusion proteins: a CAR product names its classes itself)
_DEPLETING = ("b_cell_depleting", "immunosuppressive")
_TARGETED = ("b_cell_targeted", "immunosuppressive")
_IMMUNE_BIOLOGIC = ("biologic", "immunosuppressive")     # against a cytokine, interferon or complement
# Each drug names its own classes; the classes those sit in are added below (CLASS_PARENTS).
_DRUGS: tuple[Drug, ...] = (
    Drug("prednisone", "prednisone", ("glucocorticoid",)),
    Drug("prednisolone", "prednisolone", ("glucocorticoid",)),
    Drug("methylprednisolone", "methylprednisolone", ("glucocorticoid",)),
    Drug("dexamethasone", "dexamethasone", ("glucocorticoid",)),
    Drug("hydroxychloroquine", "hydroxychloroquine", ("antimalarial",), ("HCQ",)),
    Drug("chloroquine", "chloroquine", ("antimalarial",)),
    Drug("mycophenolate_mofetil", "mycophenolate mofetil", ("immunosuppressant",), ("MMF", "mycophenolate")),
    Drug("mycophenolic_acid", "mycophenolic acid", ("immunosuppressant",), ("MPA",)),
    Drug("cyclophosphamide", "cyclophosphamide", ("immunosuppressant",), ("CYC",)),
    Drug("azathioprine", "azathioprine", ("immunosuppressant",), ("AZA",)),
    Drug("methotrexate", "methotrexate", ("immunosuppressant",), ("MTX",)),
    Drug("leflunomide", "leflunomide", ("immunosuppressant",)),
    Drug("tacrolimus", "tacrolimus", ("immunosuppressant",)),
    Drug("cyclosporine", "cyclosporine", ("immunosuppressant",), ("ciclosporin", "cyclosporin", "cyclosporine A")),
    Drug("voclosporin", "voclosporin", ("immunosuppressant",)),
    Drug("tripterygium_wilfordii", "tripterygium wilfordii", ("immunosuppressant",)),
    Drug("iguratimod", "iguratimod", ("immunosuppressant",)),
    Drug("rituximab", "rituximab", _DEPLETING),
    Drug("belimumab", "belimumab", _TARGETED, ("belizumab",)),
    Drug("telitacicept", "telitacicept", _TARGETED),
    Drug("obinutuzumab", "obinutuzumab", _DEPLETING),
    Drug("ocrelizumab", "ocrelizumab", _DEPLETING),
    Drug("ofatumumab", "ofatumumab", _DEPLETING),
    Drug("inebilizumab", "inebilizumab", _DEPLETING + ("cd19_targeted",)),
    Drug("anifrolumab", "anifrolumab", _IMMUNE_BIOLOGIC),
    Drug("eculizumab", "eculizumab", _IMMUNE_BIOLOGIC),
    # the TNF inhibitors ("anti-TNF agents", "TNF antagonists"): biologics, immunosuppressive
    Drug("etanercept", "etanercept", ("tnf_inhibitor",)),
    Drug("infliximab", "infliximab", ("tnf_inhibitor",)),
    Drug("adalimumab", "adalimumab", ("tnf_inhibitor",)),
    Drug("golimumab", "golimumab", ("tnf_inhibitor",)),
    Drug("certolizumab_pegol", "certolizumab pegol", ("tnf_inhibitor",), ("certolizumab",)),
    Drug("tocilizumab", "tocilizumab", _IMMUNE_BIOLOGIC),
    Drug("tofacitinib", "tofacitinib", ("jak_inhibitor",)),
    Drug("baricitinib", "baricitinib", ("jak_inhibitor",)),
    Drug("upadacitinib", "upadacitinib", ("jak_inhibitor",)),
    # any CD19 or BCMA CAR cell product depletes B cells (panel.md)
    Drug("cd19_car_t", "CD19 CAR-T", ("car_t", "cd19_targeted", "b_cell_depleting"),
         ("anti-CD19 CAR-T", "CD19 CAR T")),
    Drug("bcma_car_t", "BCMA CAR-T", ("car_t", "b_cell_depleting"), ("anti-BCMA CAR-T", "BCMA CAR T")),
    Drug("cd19_bcma_car_t", "CD19/BCMA CAR-T", ("car_t", "cd19_targeted", "b_cell_depleting"),
         ("CD19/BCMA CAR T", "CD19-BCMA CAR-T")),
    Drug("cd19_car_nk", "CD19 CAR-NK", ("cd19_targeted", "cell_therapy", "b_cell_depleting"),
         ("anti-CD19 CAR-NK",)),
    Drug("blinatumomab", "blinatumomab", ("cd19_targeted",)),
    Drug("obexelimab", "obexelimab", ("cd19_targeted",)),
    Drug("car_t", "CAR-T", ("car_t",), ("CAR T",)),
    Drug("car_nk", "CAR-NK", ("cell_therapy",)),
    Drug("mesenchymal_stem_cells", "mesenchymal stem cells", ("cell_therapy",), ("MSC", "MSCs")),
    Drug("gene_therapy", "gene therapy", ("gene_therapy",)),
    Drug("plasmapheresis", "plasmapheresis", ("procedure",), ("plasma exchange",)),
    Drug("immunoadsorption", "immunoadsorption", ("procedure",), ("immunosorbent therapy",)),
    Drug("ivig", "IVIG", ("procedure",), ("intravenous immunoglobulin",)),
    Drug("hemodialysis", "hemodialysis", ("procedure",), ("haemodialysis", "dialysis")),
    Drug("transfusion", "transfusion", ("procedure",), ("blood transfusion",)),
    Drug("growth_factor", "growth factor (G-CSF)", ("procedure",), ("G-CSF", "colony-stimulating factor")),
    Drug("live_vaccine", "live vaccine", ("procedure",)),
    Drug("mrna_lnp", "mRNA-LNP product", ("procedure",), ("LNP",)),
    Drug("major_surgery", "major surgery", ("procedure",)),
    Drug("other_clinical_trial", "other clinical trial", ("procedure",), ("clinical study",)),
)

# --- common drugs outside the trials' own vocabulary (audit 10, class F) ---------------------------
# What patients screened for these trials commonly take: known, so that a therapy list naming them
# answers "no tacrolimus", "no live vaccine", "no immunosuppressant" (a name trialview does not know
# may be any drug and leaves those open: panel.md). Each carries the classes of the vocabulary it is
# in (a monoclonal antibody is a biologic), most none. The parser does not read these names in
# criteria text (CRITERIA_DRUGS): a trial's wording about them is left as it was.
_CYTOTOXIC = ("cytotoxic",)
_BIOLOGIC = ("biologic",)
_OTHER_DRUGS: tuple[Drug, ...] = (
    # diabetes, lipids, blood pressure, heart, clotting, stomach, thyroid, pain
    Drug("metformin", "metformin", ()),
    Drug("insulin", "insulin", (), ("insulin glargine", "insulin aspart", "insulin lispro")),
    Drug("sitagliptin", "sitagliptin", ()),
    Drug("empagliflozin", "empagliflozin", ()),
    Drug("dapagliflozin", "dapagliflozin", ()),
    Drug("semaglutide", "semaglutide", ()),
    Drug("liraglutide", "liraglutide", ()),
    Drug("atorvastatin", "atorvastatin", ()),
    Drug("simvastatin", "simvastatin", ()),
    Drug("rosuvastatin", "rosuvastatin", ()),
    Drug("pravastatin", "pravastatin", ()),
    Drug("aspirin", "aspirin", (), ("acetylsalicylic acid", "ASA")),
    Drug("clopidogrel", "clopidogrel", ()),
    Drug("warfarin", "warfarin", ()),
    Drug("apixaban", "apixaban", ()),
    Drug("rivaroxaban", "rivaroxaban", ()),
    Drug("enoxaparin", "enoxaparin", ()),
    Drug("heparin", "heparin", ()),
    Drug("lisinopril", "lisinopril", ()),
    Drug("ramipril", "ramipril", ()),
    Drug("enalapril", "enalapril", ()),
    Drug("losartan", "losartan", ()),
    Drug("valsartan", "valsartan", ()),
    Drug("amlodipine", "amlodipine", ()),
    Drug("hydrochlorothiazide", "hydrochlorothiazide", (), ("HCTZ",)),
    Drug("furosemide", "furosemide", ()),
    Drug("metoprolol", "metoprolol", ()),
    Drug("bisoprolol", "bisoprolol", ()),
    Drug("atenolol", "atenolol", ()),
    Drug("carvedilol", "carvedilol", ()),
    Drug("levothyroxine", "levothyroxine", ()),
    Drug("omeprazole", "omeprazole", ()),
    Drug("pantoprazole", "pantoprazole", ()),
    Drug("paracetamol", "paracetamol", (), ("acetaminophen",)),
    Drug("ibuprofen", "ibuprofen", ()),
    Drug("naproxen", "naproxen", ()),
    Drug("folic_acid", "folic acid", (), ("folate",)),
    # mental health
    Drug("sertraline", "sertraline", ()),
    Drug("fluoxetine", "fluoxetine", ()),
    Drug("escitalopram", "escitalopram", ()),
    Drug("citalopram", "citalopram", ()),
    Drug("paroxetine", "paroxetine", ()),
    Drug("venlafaxine", "venlafaxine", ()),
    Drug("duloxetine", "duloxetine", ()),
    Drug("bupropion", "bupropion", ()),
    Drug("mirtazapine", "mirtazapine", ()),
    Drug("quetiapine", "quetiapine", ()),
    Drug("olanzapine", "olanzapine", ()),
    Drug("risperidone", "risperidone", ()),
    Drug("lorazepam", "lorazepam", ()),
    # antimicrobials
    Drug("fluconazole", "fluconazole", ()),
    Drug("voriconazole", "voriconazole", ()),
    Drug("amoxicillin", "amoxicillin", ()),
    Drug("ciprofloxacin", "ciprofloxacin", ()),
    Drug("levofloxacin", "levofloxacin", ()),
    Drug("azithromycin", "azithromycin", ()),
    Drug("doxycycline", "doxycycline", ()),
    Drug("cotrimoxazole", "trimethoprim-sulfamethoxazole", (), ("co-trimoxazole", "TMP-SMX", "cotrimoxazole")),
    Drug("acyclovir", "acyclovir", (), ("aciclovir",)),
    Drug("valacyclovir", "valacyclovir", ()),
    Drug("isoniazid", "isoniazid", ()),
    Drug("rifampicin", "rifampicin", (), ("rifampin",)),
    # cytotoxic chemotherapy (some trials count it among the immunosuppressive therapies: CLASS_MAYBE)
    Drug("vincristine", "vincristine", _CYTOTOXIC),
    Drug("docetaxel", "docetaxel", _CYTOTOXIC),
    Drug("paclitaxel", "paclitaxel", _CYTOTOXIC),
    Drug("carboplatin", "carboplatin", _CYTOTOXIC),
    Drug("cisplatin", "cisplatin", _CYTOTOXIC),
    Drug("oxaliplatin", "oxaliplatin", _CYTOTOXIC),
    Drug("doxorubicin", "doxorubicin", _CYTOTOXIC),
    Drug("fluorouracil", "fluorouracil", _CYTOTOXIC, ("5-FU", "5-fluorouracil")),
    Drug("capecitabine", "capecitabine", _CYTOTOXIC),
    Drug("gemcitabine", "gemcitabine", _CYTOTOXIC),
    Drug("etoposide", "etoposide", _CYTOTOXIC),
    Drug("cytarabine", "cytarabine", _CYTOTOXIC),
    Drug("asparaginase", "asparaginase", _CYTOTOXIC, ("pegaspargase",)),
    Drug("mercaptopurine", "mercaptopurine", _CYTOTOXIC, ("6-MP",)),
    # monoclonal antibodies and fusion proteins: biologics
    Drug("trastuzumab", "trastuzumab", _BIOLOGIC),
    Drug("pertuzumab", "pertuzumab", _BIOLOGIC),
    Drug("trastuzumab_emtansine", "trastuzumab emtansine", _BIOLOGIC + _CYTOTOXIC, ("T-DM1",)),
    Drug("trastuzumab_deruxtecan", "trastuzumab deruxtecan", _BIOLOGIC + _CYTOTOXIC, ("T-DXd",)),
    Drug("bevacizumab", "bevacizumab", _BIOLOGIC),
    Drug("cetuximab", "cetuximab", _BIOLOGIC),
    Drug("pembrolizumab", "pembrolizumab", _BIOLOGIC),
    Drug("nivolumab", "nivolumab", _BIOLOGIC),
    Drug("atezolizumab", "atezolizumab", _BIOLOGIC),
    Drug("durvalumab", "durvalumab", _BIOLOGIC),
    Drug("ipilimumab", "ipilimumab", _BIOLOGIC),
    Drug("dupilumab", "dupilumab", _BIOLOGIC),
    Drug("ustekinumab", "ustekinumab", _IMMUNE_BIOLOGIC),
    Drug("secukinumab", "secukinumab", _IMMUNE_BIOLOGIC),
    Drug("abatacept", "abatacept", _IMMUNE_BIOLOGIC),
)


CRITERIA_DRUGS: tuple[Drug, ...] = tuple(Drug(d.id, d.name, _with_parents(d.classes), d.synonyms) for d in _DRUGS)
DRUGS: tuple[Drug, ...] = CRITERIA_DRUGS + tuple(
    Drug(d.id, d.name, _with_parents(d.classes), d.synonyms) for d in _OTHER_DRUGS)
DRUG_BY_ID: dict[str, Drug] = {d.id: d for d in DRUGS}
_DRUG_BY_WORD: dict[str, Drug] = {}
for _d in DRUGS:
    for _w in (_d.id, _d.name, *_d.synonyms):
        _DRUG_BY_WORD[_w.lower().replace("_", " ").replace("-", " ")] = _d


def find_drug(name: str) -> Drug | None:
    """The vocabulary's drug for a name as a user or a trial writes it, or None."""
    return _DRUG_BY_WORD.get(name.strip().lower().replace("_", " ").replace("-", " "))


def drug_classes_of(name: str) -> set[str]:
    """Every class a drug (as a user or a trial writes its name) belongs to, the classes those
    sit in included: a CD19 CAR-T is also a CAR-T, a cell therapy, B-cell depleting and targeted,
    a biologic. Empty for a name the vocabulary does not know."""
    drug = find_drug(name)
    return set(drug.classes) if drug else set()


def is_known_drug(name: str) -> bool:
    return find_drug(name) is not None


def close_drug_names(name: str, limit: int = 3) -> list[str]:
    """The known drug names (or synonyms) closest to a misspelt one ("ritixumab" -> rituximab),
    as the vocabulary writes them; empty when nothing is close."""
    word = name.strip().lower().replace("_", " ").replace("-", " ")
    close = difflib.get_close_matches(word, list(_DRUG_BY_WORD), n=limit * 2, cutoff=0.75)
    return list(dict.fromkeys(_DRUG_BY_WORD[w].name for w in close))[:limit]


# Stems of international nonproprietary names (the WHO's INN stem book): a generic name ending in
# one names a drug of that family (-mab a monoclonal antibody, -statin a statin, -azole an azole).
DRUG_STEMS: tuple[str, ...] = (
    "mab", "cept", "tinib", "ciclib", "parib", "statin", "pril", "sartan", "olol", "dipine", "azole",
    "cillin", "floxacin", "cycline", "mycin", "vir", "platin", "taxel", "rubicin", "gliptin",
    "gliflozin", "glutide", "parin", "xaban", "gatran", "oxetine", "triptan", "tidine", "semide",
    "thiazide", "limus", "sone", "olone", "formin", "lukast", "azepam", "azolam", "caine",
)


def could_be_drug(name: str, drug: Drug) -> bool:
    """Whether a name the vocabulary does not know could be this one drug (or procedure): a
    misspelling of one of its names (the closeness the unknown-name warning uses: "ritixumab" may
    be rituximab), or a name that says nothing of what it is (a brand name, a study code: "Prograf"
    may be tacrolimus). A generic name with another family's INN stem cannot be it ("rosuvastatin"
    is no tacrolimus; a drug is no live vaccine or surgery)."""
    word = name.strip().lower().replace("_", " ").replace("-", " ")
    own = [w.lower().replace("_", " ").replace("-", " ") for w in (drug.name, *drug.synonyms)]
    if difflib.get_close_matches(word, own, n=1, cutoff=0.75):
        return True
    stem = next((s for s in DRUG_STEMS if word.endswith(s) and len(word) > len(s) + 2), None)
    return stem is None or any(w.endswith(stem) for w in own)


def drugs_in_class(cls: str) -> tuple[Drug, ...]:
    return tuple(d for d in DRUGS if cls in d.classes)


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
