"""Instructions of named Python functions inside one warm Chia pass (callgrind cannot tell them apart).

    python -m tests.perf.parse_attribute parse:extract parse:split_items parse:keep_unread
    python -m tests.perf.parse_attribute --replay clauses:TextIndex.clause checks:L.NAMES.find

callgrind counts C functions, and every Python function runs inside the interpreter's one loop:
a pass's profile says how much went to the regex engine or to `in`, never to which reader. Here
each named function is called through a C function of its own (operator.call, functools.partial,
itertools.starmap's next, ...), and `callgrind_annotate --inclusive=yes` on that C function is
the named function's count, its callees included. A name is `module:attribute[.attribute]`,
the module under trialview.model.criteria where the function is looked up: `checks:specials`
wraps the name `specials` in checks.py (what extract calls), `clauses:TextIndex.clause` the
method for every caller, `checks:L.NAMES.find` the scanner's method on its instance.

The script runs itself under valgrind (PYTHONHASHSEED=0, one warm pass inside functools.reduce,
as parse_compare's `--warm-pass`; `--replay`: checks_replay's extract calls instead of the whole
parser) and prints, per name: calls, instructions with callees, and the same less its wrapper's
cost inside the C function (measured in a second run at the same time: each wrapper around a
function that returns at once, 0.8-2.2k instructions a call). The wrappers cost more outside
their C functions (the Python frames that count and pass the arguments): about 7k instructions
a call in all (session 11: 1.413 G for a pass of 1.375 G with 6.4k wrapped calls, 1.494 G with 17k). So a name's figure
holds the whole cost of the other names' wrappers called inside it: read an outer function
(extract) in a run of its own, or less 7k a call of each name inside it. Up to eight names a
run (a C function each). Slow: a minute or two.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import itertools
import operator
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from typing import Any

_Call = Callable[..., Any]


def _through_call(fn: _Call) -> _Call:
    return lambda *a, **k: operator.call(fn, *a, **k)


def _through_partial(fn: _Call) -> _Call:
    return lambda *a, **k: functools.partial(fn, *a, **k)()


def _through_starmap(fn: _Call) -> _Call:
    return lambda *a, **k: next(itertools.starmap(lambda: fn(*a, **k), [()]))


def _through_accumulate(fn: _Call) -> _Call:
    def call(*a: Any, **k: Any) -> Any:
        steps = itertools.accumulate([None, None], lambda _x, _y: fn(*a, **k))
        next(steps)
        return next(steps)
    return call


def _through_predicate(kind: Callable[[Callable[[Any], bool], list[int]], Any]) -> Callable[[_Call], _Call]:
    """fn called as the predicate of an itertools filter (its result kept aside)."""
    def wrap(fn: _Call) -> _Call:
        def call(*a: Any, **k: Any) -> Any:
            got: list[Any] = []
            next(iter(kind(lambda _: got.append(fn(*a, **k)) or False, [0])), None)
            return got[0]
        return call
    return wrap


# (the C function callgrind names, how to call a function through it), the cheapest first; none of
# them is called by the parser itself (their counts would hold its calls too)
WRAPPERS: list[tuple[str, Callable[[_Call], _Call]]] = [
    ("_operator_call", _through_call),
    ("partial_vectorcall", _through_partial),
    ("starmap_next", _through_starmap),
    ("accumulate_next", _through_accumulate),
    ("filterfalse_next", _through_predicate(itertools.filterfalse)),
    ("dropwhile_next", _through_predicate(itertools.dropwhile)),
    ("takewhile_next", _through_predicate(itertools.takewhile)),
    ("filter_next", _through_predicate(filter)),
]
_CALIBRATION = 2000         # calls of each wrapper around a function that returns at once


def _install(names: list[str], calls: Counter[str]) -> None:
    """Each name's function replaced, where it is looked up, by its wrapper (which counts calls)."""
    for (_, wrap), name in zip(WRAPPERS[:len(names)], names, strict=True):
        module, _, path = name.partition(":")
        owner: Any = importlib.import_module("trialview.model.criteria." + module)
        *parents, attr = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        inner = wrap(getattr(owner, attr))

        def counted(*a: Any, _inner: _Call = inner, _name: str = name, **k: Any) -> Any:
            calls[_name] += 1
            return _inner(*a, **k)
        setattr(owner, attr, counted)


def _measured(names: list[str], replay: bool, calibration: bool) -> None:
    """(Under valgrind.) One warm pass, then one inside functools.reduce, whose calls of each name
    are printed; with `calibration`, only the wrappers around a function that returns at once,
    _CALIBRATION calls each, inside functools.reduce."""
    if calibration:
        noops = [wrap(lambda *a, **k: None) for _, wrap in WRAPPERS[:len(names)]]

        def calibrate() -> None:
            for noop in noops:
                for _ in range(_CALIBRATION):
                    noop(1, 2)
        calibrate()
        functools.reduce(lambda _, fn: fn() and None, [calibrate], None)
        return
    calls: Counter[str] = Counter()
    if replay:
        from tests.perf.checks_replay import record
        from trialview.model.criteria.checks import extract
        recorded, _, _ = record()

        def once() -> None:
            for text, section in recorded:
                extract(text, section)
    else:
        from tests.perf.parse_compare import inputs
        from trialview.model.criteria import parse
        _, _, chia = inputs()

        def once() -> None:
            for text, section in chia:
                parse.parse_section(text, section)
    _install(names, calls)
    once()
    calls.clear()
    functools.reduce(lambda _, fn: fn() and None, [once], None)
    print(" ".join(f"{calls[n]}" for n in names))


def _callgrind(args: list[str], out: str) -> subprocess.Popen[str]:
    """This script under valgrind, counting inside functools.reduce, with hash seed 0."""
    return subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=*functools_reduce*",
         f"--callgrind-out-file={out}", sys.executable, "-m", "tests.perf.parse_attribute", "--inside", *args],
        env={**os.environ, "PYTHONHASHSEED": "0"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _inclusive(out: str) -> dict[str, int]:
    """C function -> its instructions with callees (callgrind_annotate --inclusive=yes)."""
    annotated = subprocess.run(["callgrind_annotate", "--threshold=100", "--inclusive=yes", out],
                               capture_output=True, text=True, check=True).stdout
    return {m.group(2): int(m.group(1).replace(",", ""))
            for m in re.finditer(r"^\s*([\d,]+) \(.*?\)\s+\S*:(\w+) ", annotated, re.M)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="+", help="module:attribute[.attribute] (up to eight)")
    parser.add_argument("--replay", action="store_true",
                        help="extract's calls of one pass (checks_replay), not the whole parser")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)        # (under valgrind)
    parser.add_argument("--calibration", action="store_true", help=argparse.SUPPRESS)   # (under valgrind)
    args = parser.parse_args(argv)
    if len(args.names) > len(WRAPPERS):
        parser.error(f"at most {len(WRAPPERS)} names a run")
    if args.inside:
        _measured(args.names, args.replay, args.calibration)
        return 0
    with tempfile.TemporaryDirectory(prefix="parse-attribute-") as tmp:
        outs = (os.path.join(tmp, "pass.out"), os.path.join(tmp, "calibration.out"))
        runs = (_callgrind([*(["--replay"] if args.replay else []), *args.names], outs[0]),
                _callgrind(["--calibration", *args.names], outs[1]))     # (both at once: two cores)
        (stdout, stderr), _ = (run.communicate() for run in runs)
        if any(run.returncode for run in runs):
            raise SystemExit(f"valgrind failed:\n{stderr[-2000:]}")
        counts = [int(n) for n in stdout.split()]
        total = re.search(r"Collected : (\d+)", stderr)
        measured, calibration = _inclusive(outs[0]), _inclusive(outs[1])
    print(f"callgrind, hash seed 0, one warm {'replay of extract' if args.replay else 'Chia pass'}: "
          f"{int(total.group(1)) if total else 0:,} instructions with the wrappers")
    print(f"  {'name':<36} {'calls':>7} {'with callees':>14} {'less wrappers':>14}")
    for (cfn, _), name, n in zip(WRAPPERS[:len(args.names)], args.names, counts, strict=True):
        got, per_call = measured.get(cfn, 0), calibration.get(cfn, 0) / _CALIBRATION
        print(f"  {name:<36} {n:>7,} {got:>14,} {got - n * per_call:>14,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
