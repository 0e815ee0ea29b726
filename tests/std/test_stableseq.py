"""std/collections/stableseq: random operation sequences on StableSeq<string> against a
Python model (a list of slots with None for holes and a stack of holes), checking that every
index handed out keeps naming its item until it is removed."""
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.std.orus_source import orus_string

FEW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORD = st.text("abcxyz", max_size=4)
SLOT = st.integers(-2, 40)

OPS = st.lists(st.one_of(
    st.tuples(st.just("insert"), WORD), st.tuples(st.just("insert"), WORD),
    st.tuples(st.just("remove"), SLOT),
    st.tuples(st.just("remove_live"), st.integers(0, 10 ** 6)),
    st.tuples(st.just("get"), SLOT),
    st.tuples(st.just("set"), SLOT, WORD),
    st.tuples(st.just("clear")),
), max_size=50)


def some(v) -> str:
    return "Option.None" if v is None else f'Option.Some("{v}")'


def program(ops):
    """The Orus program and what the model expects it to print."""
    lines = ["use collections.stableseq", "s: stableseq.StableSeq<string> = stableseq.new()"]
    slots, holes, expected = [], [], []

    def get(i):
        return slots[i] if 0 <= i < len(slots) else None

    for op in ops:
        kind = op[0]
        if kind == "insert":
            lines.append(f"print(s.insert({orus_string(op[1])}))")
            if holes:
                i = holes.pop()
                slots[i] = op[1]
            else:
                i = len(slots)
                slots.append(op[1])
            expected.append(str(i))
        elif kind in ("remove", "remove_live"):
            live = [i for i, v in enumerate(slots) if v is not None]
            if kind == "remove_live" and not live:
                continue
            i = live[op[1] % len(live)] if kind == "remove_live" else op[1]
            lines.append(f"print(s.remove({i}))")
            expected.append(some(get(i)))
            if get(i) is not None:
                slots[i] = None
                holes.append(i)
        elif kind == "get":
            lines.append(f"print(s.get({op[1]}), s.contains({op[1]}))")
            expected.append(f"{some(get(op[1]))} {str(get(op[1]) is not None).lower()}")
        elif kind == "set":
            lines.append(f"print(s.set({op[1]}, {orus_string(op[2])}))")
            ok = get(op[1]) is not None
            expected.append(str(ok).lower())
            if ok:
                slots[op[1]] = op[2]
        elif kind == "clear":
            lines.append("s.clear()")
            slots, holes = [], []
    lines.append("print(s.len(), s.span(), s.is_empty())")
    live = [i for i, v in enumerate(slots) if v is not None]
    expected.append(f"{len(live)} {len(slots)} {str(not live).lower()}")
    lines.append("print(s.indices())")
    expected.append("[" + ", ".join(map(str, live)) + "]")
    lines.append("print(s.values())")
    expected.append("[" + ", ".join(f'"{slots[i]}"' for i in live) + "]")
    return "\n".join(lines) + "\n", expected


@FEW
@given(OPS)
def test_stableseq_matches_a_slot_model(orus, ops):
    source, expected = program(ops)
    run = orus.run(source)
    assert run.status == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == expected
