"""patterns.lower_of: a criterion's text lowered once for its conditions', checks', readers' and
coverage's gates (the same text object asked for again), not once for each. Whatever the order
in which texts are asked for, it must give what str.lower gives: a gate that read another
text's lower case would rule a reader out, or in, on words the criterion does not have."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from tests.unit.speedup_helpers import LINES
from trialview.model.criteria.patterns import lower_of


def test_each_real_line_asked_for_again_and_in_turn_with_others_gives_its_lower_case() -> None:
    lines = LINES[:3000]
    for k, line in enumerate(lines):
        other = lines[k - 1]
        # (the line again, its neighbour, an equal string that is another object, the line again)
        twin = "".join(list(line))
        for text in (line, line, other, line, twin, line):
            assert lower_of(text) == text.lower()
    assert sum(1 for ln in lines if ln != ln.lower()) > 1000     # the lines have capitals


@given(st.lists(st.text(alphabet="aBcİıſKé\u0130 ", max_size=12), min_size=1, max_size=8), st.data())
def test_any_order_of_texts_gives_each_its_lower_case(texts: list[str], data: st.DataObject) -> None:
    for _ in range(20):
        text = data.draw(st.sampled_from(texts))
        assert lower_of(text) == text.lower()


def test_threads_asking_for_their_own_texts_each_get_their_own_lower_case() -> None:
    wrong: list[str] = []

    def ask(lines: list[str]) -> None:
        for _ in range(3):
            for line in lines:
                if lower_of(line) != line.lower():
                    wrong.append(line)

    threads = [threading.Thread(target=ask, args=(LINES[k::4][:1500],)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong, wrong[:3]
