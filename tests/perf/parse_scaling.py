"""How the criteria parser's time grows with the length of one line of pathological text.

    python -m tests.perf.parse_scaling                      # 10k, 100k, 1M characters
    python -m tests.perf.parse_scaling --sizes 10000 100000 --repeat 3

Each pattern is repeated, with no newline, to the given length and parsed as one exclusion
criterion (`parse_section`). Each size runs in a child process with a time limit, so that a
parser that is quadratic again shows as "> limit" instead of hanging the benchmark. Figures are
medians of CPU time (what the parse costs, steady on a shared machine) and of wall time; the
last column is the time of the largest size over the time of the size before it (linear: about
10 for 10x the text; issue 12 item 7 asks for no more than 12, and 0.5 s for 100,000 characters).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# name -> the unit repeated to the length asked (see pathological_text)
PATTERNS: dict[str, str] = {
    "drug names": "no rituximab ",
    "numbers": "Hb ≥ 9 g/dL ",
    "or runs": "HBsAg or ",
    "drug list": "rituximab, belimumab or cyclophosphamide within 6 months and ",
    "semicolons": "HBsAg positive; ",
    "comma list": "HBsAg, ",
    "labels": "Hb: ",
    "exceptions": "no rituximab except for lupus; ",
    "one-line list": " - a - b",
    "parentheses": "((",
    "prose, no newlines": (
        "Active infection (including HBsAg positive, or HBcAb positive with detectable HBV DNA) "
        "requiring treatment within 4 weeks prior to screening, except for fungal nail infections; "
        "ALT or AST > 2.5 x ULN, platelets < 100 × 10^9/L, eGFR < 30 mL/min/1.73m2 "
        "or prednisone > 10 mg/day within 3 months; "),
}


def pathological_text(unit: str, size: int) -> str:
    """unit repeated to exactly size characters (nested parentheses: opened, then closed)."""
    if unit == "((":
        half = size // 2
        return "(" * half + "x" + ")" * (size - half - 1)
    return (unit * (size // len(unit) + 1))[:size]


def _child(pattern: str, size: int, repeat: int) -> None:
    from trialview.model.criteria import parse_section

    text = pathological_text(PATTERNS[pattern], size)
    parse_section("warm up: no rituximab; Hb ≥ 9 g/dL", "exclusion")
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        parse_section(text, "exclusion")
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    print(statistics.median(cpu), statistics.median(wall))


def measure(pattern: str, size: int, repeat: int, limit: float) -> tuple[float, float] | None:
    """Median (CPU, wall) seconds of one parse, or None past the time limit."""
    try:
        out = subprocess.run([sys.executable, "-m", "tests.perf.parse_scaling", "--child", pattern, str(size),
                              str(repeat)], cwd=ROOT, check=True, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    cpu, wall = out.stdout.strip().splitlines()[-1].split()
    return float(cpu), float(wall)


def _row(name: str, got: list[float | None], limit: float) -> str:
    cells = "".join(f"{(f'{t * 1000:.1f} ms' if t is not None else f'> {limit:g} s'):>16}" for t in got)
    ratio = f"{got[-1] / got[-2]:.1f}x" if len(got) >= 2 and got[-1] and got[-2] else "-"
    return f"{name:<20}{cells}{ratio:>12}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=5, help="parses per size (the median is shown)")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds allowed per size, all repeats")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child[0], int(args.child[1]), int(args.child[2]))
        return 0
    sizes = sorted(args.sizes)
    head = f"{'pattern':<20}" + "".join(f"{f'{n:,} chars':>16}" for n in sizes) + f"{'last ratio':>12}"
    rows: dict[str, list[tuple[float, float] | None]] = {}
    for name in PATTERNS:
        got: list[tuple[float, float] | None] = []
        for n in sizes:
            # past the limit at a smaller size, a larger one is past it too
            got.append(None if got and got[-1] is None else measure(name, n, args.repeat, args.limit))
        rows[name] = got
        print(f"  measured {name}", file=sys.stderr, flush=True)
    for title, k in (("CPU time (process_time), median", 0), ("wall time (perf_counter), median", 1)):
        print(f"{title}, {args.repeat} parses per size\n{head}")
        for name, got in rows.items():
            print(_row(name, [g[k] if g else None for g in got], args.limit))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
