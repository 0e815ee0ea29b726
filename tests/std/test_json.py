"""std/json against Python's json module: generated documents round-trip (compact and pretty
output load back to the same value and match json.dumps where number spellings agree),
invalid documents are rejected with Python's message and position, and \\u escapes with
surrogate pairs decode to the same text. The Orus side is tests/std/orus/json_filter.orus."""
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.std.orus_filters import check_unit_file, run_filter

FEW = settings(max_examples=6, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def orus_json(docs) -> list:
    """One result per document: ("ok", compact, pretty) or ("err", what, pos, line, column)."""
    rows = run_filter("json_filter.orus", docs)
    return [(r[0], r[1], json.loads(r[2])) if r[0] == "ok" else (r[0], r[1], *map(int, r[2:]))
            for r in rows]


def test_json_unit_file_passes(orus):
    check_unit_file(orus, "units_json.orus")


# ---- values ----------------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
INTS = st.integers(-2 ** 53, 2 ** 53)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
SCALARS = st.one_of(st.none(), st.booleans(), INTS, FLOATS, TEXT)


def trees(scalars):
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(TEXT, inner, max_size=5)), max_leaves=25)


def numbers_as_floats(v):
    """v with every number a float (Orus numbers are f64; Python tells 1 from 1.0)."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, list):
        return [numbers_as_floats(x) for x in v]
    return {k: numbers_as_floats(x) for k, x in v.items()}


@FEW
@given(st.lists(st.tuples(trees(SCALARS), st.booleans(), st.sampled_from([None, 0, 2, 4])),
                min_size=1, max_size=8))
def test_documents_round_trip_through_python(docs):
    texts = [json.dumps(v, ensure_ascii=ascii_only, indent=indent) for v, ascii_only, indent in docs]
    for (value, _, _), row in zip(docs, orus_json(texts)):
        assert row[0] == "ok", row
        assert numbers_as_floats(json.loads(row[1])) == numbers_as_floats(value)
        assert numbers_as_floats(json.loads(row[2])) == numbers_as_floats(value)


@FEW
@given(st.lists(trees(st.one_of(st.none(), st.booleans(), INTS, TEXT)), min_size=1, max_size=8))
def test_output_text_matches_python_dumps_without_floats(values):
    rows = orus_json([json.dumps(v) for v in values])
    for value, row in zip(values, rows):
        assert row[1] == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        assert row[2] == json.dumps(value, ensure_ascii=False, indent=2)


# ---- unicode escapes ---------------------------------------------------------------------------------

def escaped(cp: int, upper: bool) -> str:
    if cp < 0x10000:
        units = [cp]
    else:
        v = cp - 0x10000
        units = [0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)]
    return "".join(("\\u%04X" if upper else "\\u%04x") % u for u in units)


CODE_POINTS = st.one_of(st.integers(0, 0xD7FF), st.integers(0xE000, 0x10FFFF),
                        st.integers(0x10000, 0x10FFFF))


@FEW
@given(st.lists(st.lists(st.tuples(CODE_POINTS, st.booleans()), max_size=8), min_size=1, max_size=10))
def test_unicode_escapes_and_surrogate_pairs_decode_like_python(strings):
    docs = ['"' + "".join(escaped(cp, up) for cp, up in s) + '"' for s in strings]
    for doc, row in zip(docs, orus_json(docs)):
        assert row[0] == "ok", row
        assert json.loads(row[1]) == json.loads(doc)


@FEW
@given(st.lists(st.tuples(st.integers(0xD800, 0xDFFF), st.sampled_from(["", "x", "\\u0041", "\\n"])),
                min_size=1, max_size=10))
def test_lone_surrogates_are_rejected(cases):
    docs = ['"' + "\\u%04x" % unit + after + '"' for unit, after in cases]
    for row in orus_json(docs):
        assert row[:3] == ("err", "Lone surrogate in \\uXXXX escape", 2)


# ---- invalid documents -----------------------------------------------------------------------------

class Rejected(Exception):
    """Python accepts it, std/json does not (NaN/Infinity, lone surrogates, overflow)."""


def reject_constant(name):
    raise Rejected(name)


def has_bad_value(v) -> bool:
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, float):
        return v != v or v in (float("inf"), float("-inf"))
    if isinstance(v, list):
        return any(has_bad_value(x) for x in v)
    if isinstance(v, dict):
        return any(has_bad_value(k) or has_bad_value(x) for k, x in v.items())
    return False


def python_model(doc: str):
    """("ok", value), ("err", message, byte offset, line, column) or ("rejected",)."""
    try:
        value = json.loads(doc, parse_constant=reject_constant)
    except json.JSONDecodeError as e:
        prefix = doc[:e.pos]
        line_start = prefix.rfind("\n") + 1
        return ("err", e.msg, len(prefix.encode()), e.lineno, len(prefix[line_start:].encode()) + 1)
    except (Rejected, RecursionError):
        return ("rejected",)
    if has_bad_value(value) or any(isinstance(x, int) and abs(x) >= 1e308 for x in [value]):
        return ("rejected",)
    return ("ok", value)


EDIT = st.tuples(st.sampled_from(["delete", "insert", "truncate"]), st.integers(0, 10 ** 6),
                 st.sampled_from(list('{}[],:"\\ 0-1.eE+tfnu') + ["\n", "\t", "\x01", "é", "NaN", "true",
                                                                  "\\u", "\\ud83d", "1e999"]))


def edited(doc: str, edits) -> str:
    for kind, at, text in edits:
        i = at % (len(doc) + 1)
        if kind == "delete":
            doc = doc[:i] + doc[i + 1:]
        elif kind == "insert":
            doc = doc[:i] + text + doc[i:]
        else:
            doc = doc[:i]
    return doc


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(trees(st.one_of(st.none(), st.booleans(), st.integers(-10 ** 6, 10 ** 6),
                                          st.floats(-1e6, 1e6), st.text("ab\"\\é\n", max_size=4))),
                          st.lists(EDIT, min_size=1, max_size=3), st.sampled_from([None, 1])),
                min_size=1, max_size=20))
def test_edited_documents_are_accepted_or_rejected_like_python(cases):
    docs = [edited(json.dumps(v, indent=indent, ensure_ascii=False), edits) for v, edits, indent in cases]
    for doc, row in zip(docs, orus_json(docs)):
        model = python_model(doc)
        if model[0] == "ok":
            assert row[0] == "ok", (doc, row)
            assert numbers_as_floats(json.loads(row[1])) == numbers_as_floats(model[1]), doc
        elif model[0] == "err":
            assert row == model, doc
        else:
            assert row[0] == "err", (doc, row)
