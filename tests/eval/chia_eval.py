"""Measure check extraction against Chia's `Measurement --Has_value--> Value` annotations.

Run: `python -m tests.eval.chia_eval [--corpus DIR] [--part tuning|holdout|all] [--verbose]`.
The corpus is tests/data/chia-dev.tar.xz unless a folder of the same files is named. The trials
listed in tests/data/chia_holdout.txt are held back from tuning: `--part holdout` measures them.

Gold is derived from the annotations alone, with a value reader of its own (it never calls the
parser): a Measurement whose text names a numeric panel variable (by the vocabulary's synonyms,
after dropping parentheses and filler such as "serum", "level") and a Value that reads as
comparator + number + unit give (file, line, variable, op, value in canonical unit).

Conventions, shared with the parser as *policy* (not code):
- a range ("20-35 kg/m2", "between 18 and 69", ">=40 and <=80") gives two items, ">=" low and
  "<=" high; a Value with two comparators (">18,5 <30") gives one item per comparator;
- a lone "=" (a "≥"/"≤" lost in the source) takes its direction from the variable and the section
  (`LOST_DIRECTION` below): e.g. blood counts ">=" in inclusion, "<=" in exclusion; variables
  whose direction is not clear (BMI, weight) are left out of gold; two lost ones in a row, not
  joined by "or", that would make an empty range ("HbA1c = 6.5 and = 10.0 %": "<= 6.5", ">= 10")
  are the range between their numbers (">= 6.5", "<= 10"), the only reading a patient can meet
  (audit 9);
- a cell count with no unit reads as /µL when >= 1000 and 10^9/L otherwise; a hemoglobin with no
  unit reads as g/dL when < 25 and g/L otherwise; albumin likewise (g/dL < 10);
- x ULN values count for the xULN variables, and for total bilirubin as unit "xULN";
  an INR "x ULN" is read as the INR ratio itself;
- Values with no comparator ("190 IU/L"), words ("elevated") or units that do not convert are
  not gold.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.corpora import chia_files, chia_holdout
from trialview.model.units import UnitError, normalise_unit, to_canonical
from trialview.model.vocabulary import VARIABLES

# ---- measurement text -> variable -------------------------------------------------------------

_NUMERIC = {v.id: v for v in VARIABLES if v.kind == "number"}
_SKIP_VARS = {"age", "sle_duration_months", "prednisone_dose"}  # Chia annotates these otherwise
_FILLER = re.compile(
    r"\b(?:serum|plasma|blood|level|levels|value|values|concentration|result|results|measured|"
    r"baseline|screening|the|of|a|an)\b"
)


def _norm(text: str) -> str:
    text = text.lower().replace("-", " ").replace("_", " ")
    text = _FILLER.sub(" ", text)
    return " ".join(re.findall(r"[a-z0-9/%]+", text))


_SYN: dict[str, str] = {}
for _v in _NUMERIC.values():
    if _v.id in _SKIP_VARS:
        continue
    for _s in (*_v.synonyms, _v.id.replace("_", " ")):
        _SYN.setdefault(_norm(_s), _v.id)


def measurement_variable(text: str) -> str | None:
    """The panel variable a Measurement's text names, or None."""
    candidates = [text]
    inner = re.findall(r"\(([^)]*)\)", text)
    candidates.append(re.sub(r"\([^)]*\)", " ", text))
    candidates.extend(inner)
    for cand in candidates:
        key = _norm(cand)
        if key in _SYN:
            return _SYN[key]
    return None


# ---- value text -> (op, value) ------------------------------------------------------------------

_CMP_WORDS: tuple[tuple[str, str], ...] = (
    (r"greater\s+than\s+or\s+equal\s+to|more\s+than\s+or\s+equal\s+to|>\s*or\s*=\s*(?:to)?|>\s*/\s*=|>=|=>|≥|≧|at\s+least|no\s+less\s+than|not\s+less\s+than|equal\s+to\s+or\s+greater\s+than|at/above", ">="),
    (r"less\s+than\s+or\s+equal\s+to|<\s*or\s*=\s*(?:to)?|<\s*/\s*=|<=|=<|≤|≦|at\s+most|no\s+more\s+than|not\s+more\s+than|not\s+exceeding|up\s+to|equal\s+to\s+or\s+less\s+than", "<="),
    (r"greater\s+than|more\s+than|higher\s+than|above|over|exceeding|in\s+excess\s+of|>", ">"),
    (r"less\s+than|lower\s+than|below|under|fewer\s+than|<", "<"),
    (r"=", "="),
)
_CMP_RX = [(re.compile(r"^\s*(?:" + p + r")\s*", re.I), op) for p, op in _CMP_WORDS]
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d+)?|\.\d+)"
_NUM_RX = re.compile(r"^\s*" + _NUM, re.I)
_POST_RX = re.compile(r"^\s*(?:or|and)\s+(more|greater|higher|above|over|less|lower|fewer|below|under)\b", re.I)

LOST_DIRECTION: dict[str, tuple[str, str]] = {}
for _ids, _inc, _exc in (
    (("hemoglobin", "wbc", "anc", "alc", "platelets", "egfr", "crcl", "lvef", "spo2", "albumin",
      "sledai_2k", "selena_sledai", "sledai_2k_clinical", "bilag_a", "bilag_b", "pga",
      "sle_acr_1997_count"), ">=", "<="),
    (("alt", "ast", "total_bilirubin", "creatinine", "inr", "pt", "aptt", "systolic_bp",
      "diastolic_bp", "hba1c", "upcr", "urine_protein_24h", "nyha_class", "dyspnea_grade"), "<=", ">="),
):
    for _i in _ids:
        LOST_DIRECTION[_i] = (_inc, _exc)


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_NUM_RX = re.compile(r"^\s*(" + "|".join(_WORDS) + r")\b(?:\s*\(\s*\d+\s*\))?", re.I)
# a count per microlitre (/mm3, /µL) has no fraction: "100.000/mm3" is a hundred thousand
_PER_UL_RX = re.compile(r"^\s*(?:cells?\s*)?(?:/|per\s)\s*(?:mm|[µμu]l|mcl|cu)", re.I)


def _number(raw: str, unit_text: str = "") -> float:
    if raw.lower() in _WORDS:
        return float(_WORDS[raw.lower()])
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        return float(raw.replace(",", ""))
    if re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+", raw) and (raw.count(".") > 1 or _PER_UL_RX.match(unit_text)):
        return float(raw.replace(".", ""))
    return float(raw.replace(",", "."))


_ULN_RX = re.compile(r"^(?:[x×*]|times)?\s*(?:the\s+)?(?:institutional\s+)?(?:uln|unl|upper\s+(?:limits?\s+of\s+)?normal|normal\s+upper)|^(?:[x×*]|times)\s*$", re.I)


def _unit_value(var: str, num: float, unit_text: str) -> tuple[float, str] | None:
    """(value in the canonical unit, unit name) for a number and the words after it."""
    u = unit_text.strip()
    u = re.split(r"[;,(]|\s(?:and|or|if|with|in|for|on|at|of\s+predicted|inclusive)\b", u)[0].strip().rstrip(".)")
    canon = _NUMERIC[var].unit
    key = None
    if _ULN_RX.match(u):
        key = "xULN"
    else:
        words = u.split()
        for n in range(min(len(words), 7), 0, -1):
            key = normalise_unit(" ".join(words[:n]))
            if key:
                break
        if key is None and re.match(r"^[a-zµμ]+\s*/|^[x×*]\s*10|^/", u, re.I):
            return None            # a unit we cannot read ("mg/kg/d", "cells/mL")
    if key is None:
        if var in ("wbc", "anc", "alc", "platelets"):
            key = "/µL" if num >= (2000 if var == "platelets" else 100) else "10^9/L"
        elif var == "hemoglobin":
            key = "g/dL" if num < 25 else "g/L"
        elif var == "albumin":
            key = "g/dL" if num < 10 else "g/L"
        elif var in ("creatinine", "total_bilirubin") and num > 20:
            key = "µmol/L"
        elif canon == "xULN":
            return None
        else:
            key = canon
    if (var == "egfr" and key == "mL/min") or (var == "crcl" and key == "mL/min/1.73m2"):
        key = canon
    if var == "inr" and key == "xULN":
        return num, "ratio"
    if key == "xULN" and var == "total_bilirubin":
        return num, "xULN"
    if canon == "%" and key == "%" and 0 < num < 1:
        num *= 100
    try:
        if key == canon:
            return float(num), canon     # a score on its own scale ("ECOG 0-2"): no unit to convert
        return to_canonical(var, num, key), canon
    except UnitError:
        return None


def read_value(var: str, text: str, section: str) -> list[tuple[str, float, str]]:
    """(op, canonical value, unit) items for a Value annotation's text; [] when not numeric."""
    s = text.replace("\\", "").replace("–", "-").replace("−", "-").strip()
    out: list[tuple[str, float, str]] = []
    m = re.match(r"^\s*(?:between\s+|range\s+)?" + _NUM + r"\s*(?:-|to|and)\s*" + _NUM + r"(.*)$", s, re.I)
    if m:
        for op, raw in ((">=", m.group(1)), ("<=", m.group(2))):
            got = _unit_value(var, _number(raw), m.group(3))
            if got:
                out.append((op, got[0], got[1]))
        return out
    pos = 0
    last_op = None
    lost: list[bool] = []       # per item of out: its comparator was a lone "="
    joined_by_or: list[bool] = []   # per item of out: "or" stands before it
    while pos < len(s):
        rest = s[pos:]
        op = None
        for rx, o in _CMP_RX:
            cm = rx.match(rest)
            if cm:
                op, rest, pos = o, rest[cm.end():], pos + cm.end()
                break
        nm = _NUM_RX.match(rest) or _WORD_NUM_RX.match(rest)
        if not nm:
            break
        tail = rest[nm.end():]
        num = _number(nm.group(1), tail)
        nxt = re.search(r"(?:\band\b|\bor\b|,)?\s*(?:[<>=≥≤]|greater|less|more|at\s+least)", tail, re.I)
        unit_text = tail[: nxt.start()] if nxt else tail
        post = _POST_RX.search(unit_text)
        if op is None and post:
            op = ">=" if post.group(1).lower() in ("more", "greater", "higher", "above", "over") else "<="
            unit_text = unit_text[: post.start()]
        if op is None:
            break
        was_lost = op == "="
        before_it = s[max(0, pos - 12):pos].lower()
        if op == "=":
            if var not in LOST_DIRECTION:
                break
            inc, exc = LOST_DIRECTION[var]
            op = (inc if section == "inclusion" else exc)
            if last_op in (">=", ">") and op in (">=",):
                op = "<="
            elif last_op in ("<=", "<") and op == "<=":
                op = ">="
        got = _unit_value(var, num, unit_text)
        if got:
            out.append((op, got[0], got[1]))
            lost.append(was_lost)
            joined_by_or.append(bool(re.search(r"\bor\b", before_it)))
        last_op = op
        pos += nm.end() + (nxt.start() if nxt else len(tail))
        skip = re.match(r"\s*(?:and|or|,)?\s*", s[pos:], re.I)
        pos += skip.end() if skip else 0
        if not nxt:
            break
    for i in range(len(out) - 1):
        (op1, v1, u1), (op2, v2, u2) = out[i], out[i + 1]
        empty = (op1 == "<=" and op2 == ">=" and v1 < v2) or (op1 == ">=" and op2 == "<=" and v1 > v2)
        if lost[i] and lost[i + 1] and not joined_by_or[i + 1] and u1 == u2 and empty:
            out[i], out[i + 1] = ("<=" if op1 == ">=" else ">=", v1, u1), (">=" if op2 == "<=" else "<=", v2, u2)
    return out


# ---- brat ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    file: str
    line: int
    variable: str
    op: str
    value: float
    unit: str
    text: str = ""

    def key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.variable, self.op)


def read_ann(ann_text: str) -> tuple[dict[str, tuple[str, int, str]], list[tuple[str, str]]]:
    ents: dict[str, tuple[str, int, str]] = {}
    rels: list[tuple[str, str]] = []
    for raw in ann_text.splitlines():
        parts = raw.split("\t")
        if len(parts) >= 3 and parts[0].startswith("T"):
            fields = parts[1].split(" ", 1)
            if len(fields) < 2:
                continue
            try:
                start = int(fields[1].split()[0])
            except ValueError:
                continue
            ents[parts[0]] = (fields[0], start, parts[2])
        elif len(parts) >= 2 and parts[0].startswith("R"):
            f = parts[1].split()
            if len(f) == 3 and f[0] == "Has_value":
                rels.append((f[1].split(":", 1)[1], f[2].split(":", 1)[1]))
    return ents, rels


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def gold_items(name: str, text: str, ann_text: str | None, section: str) -> list[Item]:
    """Gold from the annotations; `text` keeps its CRs, as the brat offsets count them."""
    if ann_text is None:
        return []
    ents, rels = read_ann(ann_text)
    out: set[Item] = set()
    for a, b in rels:
        if a not in ents or b not in ents or ents[a][0] != "Measurement" or ents[b][0] != "Value":
            continue
        var = measurement_variable(ents[a][2])
        if var is None:
            continue
        for op, value, unit in read_value(var, ents[b][2], section):
            out.add(Item(name, _line_of(text, ents[a][1]), var, op, value, unit,
                         f"{ents[a][2]} | {ents[b][2]}"))
    return sorted(out, key=lambda i: (i.line, i.variable, i.op, i.value))


def system_items(name: str, raw: str, section: str) -> list[Item]:
    from trialview.model.criteria import parse_section

    text = raw.replace("\r\n", "\n")     # same lines as the raw text: only CRs go
    root = parse_section(text, section)
    out: set[Item] = set()
    cursor = 0

    def visit(node, offset: int, label: str) -> None:
        for check in node.checks:
            if check.variable not in _NUMERIC or check.op not in (">=", ">", "<=", "<"):
                continue
            if isinstance(check.value, bool) or not isinstance(check.value, (int, float)):
                continue
            start = check.span[0] if check.span else 0
            out.add(Item(name, _line_of(text, max(offset, 0) + start), check.variable, check.op,
                         float(check.value), check.unit or "", label))
        cond = getattr(node, "condition", None)
        if cond is not None:    # "PSA between 2.5 and 10 if 50-60 years of age": the age is read, as the "if"
            at = text.find(cond.text, max(offset, 0))
            visit(cond, at if at >= 0 else offset, label)
        for child in node.children:
            if child.kind == "criterion":
                at = text.find(child.text, max(offset, 0))
                visit(child, at if at >= 0 else offset, child.text[:80])
            else:   # an all/any group: its checks' spans are in the enclosing criterion's text
                visit(child, offset, label)

    for node in root.children:
        at = text.find(node.text, cursor)
        if at < 0:
            at = text.find(node.text)
        if at >= 0:
            cursor = at
        visit(node, at, node.text[:80])
    return sorted(out, key=lambda i: (i.line, i.variable, i.op, i.value))


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def read_corpus(folder: Path | None = None) -> dict[str, str]:
    """File name -> text, CRs kept: the bundled archive, or a folder of the same files."""
    if folder is None:
        return chia_files()
    return {p.name: p.read_bytes().decode("utf-8") for p in sorted(folder.iterdir())
            if p.suffix in (".txt", ".ann")}


def evaluate(corpus: dict[str, str] | None = None, part: str = "all") -> dict[str, object]:
    """Recall and precision over the corpus; `part` is "tuning", "holdout" (held back) or "all"."""
    files = corpus if corpus is not None else read_corpus()
    held = chia_holdout()
    gold_all: list[Item] = []
    sys_all: list[Item] = []
    names = sorted(n for n in files if n.endswith("_inc.txt")) + \
        sorted(n for n in files if n.endswith("_exc.txt"))
    for name in names:
        trial = name.split("_")[0]
        if (part == "holdout" and trial not in held) or (part == "tuning" and trial in held):
            continue
        section = "inclusion" if name.endswith("_inc.txt") else "exclusion"
        gold_all.extend(gold_items(name, files[name], files.get(name[:-4] + ".ann"), section))
        sys_all.extend(system_items(name, files[name], section))
    used: set[int] = set()
    hits: list[Item] = []
    misses: list[Item] = []
    by_key: dict[tuple[str, int, str, str], list[int]] = {}
    for i, s in enumerate(sys_all):
        by_key.setdefault(s.key(), []).append(i)
    for g in gold_all:
        found = next((i for i in by_key.get(g.key(), []) if i not in used and _close(sys_all[i].value, g.value)), None)
        if found is None:
            misses.append(g)
        else:
            used.add(found)
            hits.append(g)
    extras = [s for i, s in enumerate(sys_all) if i not in used]
    # A system item on a line whose Measurement gold did not cover (the annotators skipped it, or it
    # maps to no gold variable) is not counted against precision unless the line has gold for that
    # variable: precision is measured where gold speaks.
    gold_vars = {(g.file, g.line, g.variable) for g in gold_all}
    wrong = [s for s in extras if (s.file, s.line, s.variable) in gold_vars]
    judged = len(hits) + len(wrong)
    return {
        "gold": len(gold_all), "system": len(sys_all), "matched": len(hits),
        "judged_system": judged, "wrong": wrong, "misses": misses, "unjudged": len(extras) - len(wrong),
        "recall": len(hits) / len(gold_all) if gold_all else 1.0,
        "precision": len(hits) / judged if judged else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=None, help="a folder of Chia files")
    ap.add_argument("--part", choices=("tuning", "holdout", "all"), default="tuning")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    r = evaluate(read_corpus(args.corpus), args.part)
    print(f"gold items: {r['gold']}  system items: {r['system']}  matched: {r['matched']}  "
          f"wrong (on gold lines): {len(r['wrong'])}  unjudged extras: {r['unjudged']}")
    print(f"recall: {r['recall']:.3f}  precision: {r['precision']:.3f}")
    if args.verbose:
        for g in r["misses"]:
            print(f"MISS  {g.file}:{g.line + 1} {g.variable} {g.op} {g.value:g} {g.unit}   [{g.text}]")
        for s in r["wrong"]:
            print(f"WRONG {s.file}:{s.line + 1} {s.variable} {s.op} {s.value:g} {s.unit}   [{s.text}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
