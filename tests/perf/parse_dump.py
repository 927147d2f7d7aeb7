"""The parser's output over every corpus of tests/data, as one JSON file, to compare before and after.

    python -m tests.perf.parse_dump /tmp/before.json       # before a change to model/criteria/
    python -m tests.perf.parse_dump /tmp/after.json        # after it
    cmp /tmp/before.json /tmp/after.json                   # a speed-up leaves them byte-identical

What it parses: every record of tests/data/ctgov-json and ctgov-xml and the five seed pages, as
the importers parse them (`parse_trial`: the registry criterion included); every file of the
Chia tuning part as its section (as tests/eval/chia_eval.py reads it); and every non-blank line
of the Chia tuning part as a criterion text of its own (`parse_section`), both sections. The held-out
Chia trials are not parsed (tests/corpora.py says why).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tests.corpora import JSON_DIR, SEEDS, XML_DIR, chia_criteria_lines, chia_files, chia_holdout


def dump() -> dict[str, Any]:
    from trialview.model.criteria import parse_section, parse_trial
    from trialview.model.sources import SourceError, parse_trials

    out: dict[str, Any] = {}
    paths = sorted(JSON_DIR.glob("*.json")) + sorted(XML_DIR.glob("*.xml")) + sorted(SEEDS.glob("*.txt"))
    for path in paths:
        try:
            trials = parse_trials(path.read_text(encoding="utf-8"))
        except SourceError as err:
            out[path.name] = {"error": str(err)}
            continue
        out[path.name] = [parse_trial(t).dump() for t in trials]
    held, files = chia_holdout(), chia_files()
    for name in sorted(files):
        if name.endswith(".txt") and name.split("_")[0] not in held:
            section = "inclusion" if name.endswith("_inc.txt") else "exclusion"
            out[f"chia/{name}"] = parse_section(files[name].replace("\r\n", "\n"), section).model_dump(
                mode="json", exclude_none=True)
    for short, section in (("inc", "inclusion"), ("exc", "exclusion")):
        out[f"chia-lines/{short}"] = [parse_section(line, section).model_dump(mode="json", exclude_none=True)
                                      for line in chia_criteria_lines(short)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the JSON file to write")
    args = parser.parse_args(argv)
    args.out.write_text(json.dumps(dump(), ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
