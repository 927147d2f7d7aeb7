"""The therapies of shared/design/panel.md, as data: drug classes and the classes they sit in, the
drugs the trials name and common ones they do not, and the look-ups that read a drug's name as a
user or a trial writes it.

Ids are a public format: add freely, never rename.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

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
    # ("A biologic medicine used within the previous 6 months" and a CAR-T a month ago: a
    # regulator counts cell and gene therapies among biologics, a rheumatologist's "biologics"
    # are antibodies and fusion proteins; audit 15)
    "biologic": {
        "cell_therapy": "cell therapies are biologics in some uses of the word",
        "gene_therapy": "gene therapies are biologics in some uses of the word",
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
    Drug("diazepam", "diazepam", ()),
    Drug("clonazepam", "clonazepam", ()),
    Drug("zolpidem", "zolpidem", ()),
    Drug("trazodone", "trazodone", ()),
    Drug("amitriptyline", "amitriptyline", ()),
    Drug("aripiprazole", "aripiprazole", ()),
    Drug("haloperidol", "haloperidol", ()),
    Drug("lithium", "lithium", ()),
    # epilepsy and nerve pain (audit 16: levetiracetam, unknown, had left twelve criteria of a
    # complete history open for a patient with seizures of lupus)
    Drug("levetiracetam", "levetiracetam", ()),
    Drug("lamotrigine", "lamotrigine", ()),
    Drug("valproate", "valproate", (), ("valproic acid", "sodium valproate")),
    Drug("carbamazepine", "carbamazepine", ()),
    Drug("oxcarbazepine", "oxcarbazepine", ()),
    Drug("phenytoin", "phenytoin", ()),
    Drug("lacosamide", "lacosamide", ()),
    Drug("topiramate", "topiramate", ()),
    Drug("gabapentin", "gabapentin", ()),
    Drug("pregabalin", "pregabalin", ()),
    # pain and opioid substitution
    Drug("tramadol", "tramadol", ()),
    Drug("morphine", "morphine", ()),
    Drug("oxycodone", "oxycodone", ()),
    Drug("methadone", "methadone", ()),
    Drug("buprenorphine", "buprenorphine", ()),
    # hepatitis B and HIV antivirals (audit 16: entecavir, unknown, had hidden that a history was
    # not complete)
    Drug("entecavir", "entecavir", ()),
    Drug("tenofovir", "tenofovir", (), ("tenofovir disoproxil", "tenofovir alafenamide")),
    Drug("lamivudine", "lamivudine", ()),
    Drug("emtricitabine", "emtricitabine", ()),
    Drug("dolutegravir", "dolutegravir", ()),
    Drug("sofosbuvir", "sofosbuvir", ()),
    # bone, gout, kidney, blood and more of what a lupus patient takes
    Drug("calcium", "calcium", (), ("calcium carbonate",)),
    Drug("vitamin_d", "vitamin D", (), ("cholecalciferol", "colecalciferol", "calcitriol")),
    Drug("alendronate", "alendronate", (), ("alendronic acid",)),
    Drug("allopurinol", "allopurinol", ()),
    Drug("febuxostat", "febuxostat", ()),
    # (not colchicine: some texts count it among the immunomodulators, review 16)
    Drug("spironolactone", "spironolactone", ()),
    Drug("nifedipine", "nifedipine", ()),
    Drug("esomeprazole", "esomeprazole", ()),
    Drug("lansoprazole", "lansoprazole", ()),
    Drug("famotidine", "famotidine", ()),
    Drug("ondansetron", "ondansetron", ()),
    Drug("ferrous_sulfate", "ferrous sulfate", (), ("iron", "ferrous sulphate")),
    Drug("montelukast", "montelukast", ()),
    Drug("cetirizine", "cetirizine", ()),
    Drug("loratadine", "loratadine", ()),
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
