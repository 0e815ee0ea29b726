"""std/collections/smallseq: random operation sequences on SmallSeq<i32> against a Python
list, with the spill (past INLINE items, undone only by clear) modelled too."""
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.std.orus_source import orus_list

FEW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]
INLINE = int(re.search(r"^pub INLINE: i32 := (\d+)$",
                       (ROOT / "std/collections/smallseq.orus").read_text(), re.M).group(1))
SMALL = st.integers(-1000, 1000)
INDEX = st.integers(0, 10 ** 6)
BAD = "Error: Array index out of bounds"

OPS = st.lists(st.one_of(
    st.tuples(st.just("push"), SMALL), st.tuples(st.just("push"), SMALL),
    st.tuples(st.just("pop")),
    st.tuples(st.just("insert"), INDEX, SMALL),
    st.tuples(st.just("remove"), INDEX),
    st.tuples(st.just("set"), INDEX, SMALL),
    st.tuples(st.just("get"), INDEX),
    st.tuples(st.just("bad"), st.sampled_from(["get", "remove", "insert"]), st.integers(1, 3)),
    st.tuples(st.just("clear")),
), max_size=50)


def program(start, ops):
    """The Orus program and the lines the model expects: after each operation the length and
    whether the items are still inline."""
    lines = ["use collections.smallseq", f"s = smallseq.of({orus_list(start)})" if start else
             "s: smallseq.SmallSeq<i32> = smallseq.new()",
             "fn state(s: smallseq.SmallSeq<i32>):", "    print(s.len(), s.is_inline())"]
    model = list(start)
    spilled = len(model) > INLINE
    expected = []
    for op in ops:
        kind = op[0]
        if kind == "push":
            lines.append(f"s.push({op[1]})")
            model.append(op[1])
        elif kind == "pop":
            lines.append("print(s.pop())")
            expected.append(f"Option.Some({model.pop()})" if model else "Option.None")
        elif kind == "insert":
            i = op[1] % (len(model) + 1)
            lines.append(f"s.insert({i}, {op[2]})")
            model.insert(i, op[2])
        elif kind == "remove" and model:
            i = op[1] % len(model)
            lines.append(f"print(s.remove({i}))")
            expected.append(str(model.pop(i)))
        elif kind == "set" and model:
            i = op[1] % len(model)
            lines.append(f"s.set({i}, {op[2]})")
            model[i] = op[2]
        elif kind == "get" and model:
            i = op[1] % len(model)
            lines.append(f"print(s.get({i}))")
            expected.append(str(model[i]))
        elif kind == "bad":
            i = len(model) + op[2] if op[1] != "insert" else -op[2]
            call = {"get": f"print(s.get({i}))", "remove": f"print(s.remove({i}))",
                    "insert": f"s.insert({i}, 0)"}[op[1]]
            lines += ["try:", "    " + call, "catch e:", "    print(e)"]
            expected.append(BAD)
        elif kind == "clear":
            lines.append("s.clear()")
            model.clear()
            spilled = False
        spilled = spilled or len(model) > INLINE
        lines.append("state(s)")
        expected.append(f"{len(model)} {str(not spilled).lower()}")
    lines.append("print(s.to_array())")
    expected.append("[" + ", ".join(map(str, model)) + "]")
    return "\n".join(lines) + "\n", expected


@FEW
@given(st.lists(SMALL, max_size=12), OPS)
def test_smallseq_matches_a_python_list(orus, start, ops):
    source, expected = program(start, ops)
    run = orus.run(source)
    assert run.status == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == expected
