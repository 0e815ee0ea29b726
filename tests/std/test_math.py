"""std/math against Python's math: floor, ceil, trunc, sqrt, abs, min, max and whole powers
with representable results are exact (signed zeros included); exp, log, sin, cos, tan and
fractional powers stay within a few units in the last place. The Orus side is
tests/std/orus/math_filter.orus."""
import math
from fractions import Fraction

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.std.orus_filters import run_filter

FEW = settings(max_examples=5, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def orus_math(calls) -> list:
    """(value, sign) per (name, x[, y]) call."""
    lines = [" ".join([name] + [repr(float(a)) for a in args]) for name, *args in calls]
    return [(float(v), float(s)) for v, s in run_filter("math_filter.orus", lines, "\n")]


def ulps(a: float, b: float) -> float:
    if a == b:
        return 0.0
    return abs(a - b) / math.ulp(b)


FINITE = st.floats(allow_nan=False, allow_infinity=False)
ANY = st.floats()


def c_rounding(name: str, x: float) -> float:
    """C's floor/ceil/trunc: Python's, with a zero result taking the sign of x."""
    r = float(getattr(math, name)(x))
    return math.copysign(0.0, x) if r == 0.0 else r


@FEW
@given(st.lists(st.one_of(FINITE, st.floats(-4, 4), st.sampled_from([-0.5, 0.5, -0.0, 0.0, 2.0 ** 52 + 0.5])),
                min_size=1, max_size=40))
def test_rounding_is_exact(xs):
    calls = [(name, x) for x in xs for name in ("floor", "ceil", "trunc")]
    for (name, x), (value, sign) in zip(calls, orus_math(calls)):
        want = c_rounding(name, x)
        assert (value, sign) == (want, math.copysign(1.0, want)), (name, x)


@FEW
@given(st.lists(st.one_of(st.floats(min_value=0.0), st.floats(0, 4),
                          st.floats(0, 1e-300), st.integers(0, 2 ** 40).map(lambda n: float(n * n))),
                min_size=1, max_size=60))
def test_sqrt_is_correctly_rounded(xs):
    for x, (value, _) in zip(xs, orus_math([("sqrt", x) for x in xs])):
        assert value == math.sqrt(x) or (math.isinf(x) and math.isinf(value)), x


def test_sqrt_domain_and_signed_zero():
    rows = orus_math([("sqrt", -1.0), ("sqrt", -0.0), ("sqrt", float("inf")), ("sqrt", float("nan"))])
    assert math.isnan(rows[0][0]) and rows[1] == (0.0, -1.0) and rows[2][0] == math.inf
    assert math.isnan(rows[3][0])


@FEW
@given(st.lists(st.tuples(ANY, ANY), min_size=1, max_size=30))
def test_abs_min_max_are_exact(pairs):
    calls = [c for x, y in pairs for c in (("abs", x), ("min", x, y), ("max", x, y))]
    models = [m for x, y in pairs for m in (abs(x), min(x, y), max(x, y))]
    for call, want, (value, sign) in zip(calls, models, orus_math(calls)):
        if math.isnan(want):
            assert math.isnan(value), call
        else:
            assert (value, sign) == (want, math.copysign(1.0, want)), call


def representable(q: Fraction) -> bool:
    """An f64 holds q exactly: its numerator fits 53 bits and its denominator is a power of two.
    Then every squaring of a whole power is exact too, and 1 / x^n rounds only once."""
    return abs(q.numerator) < 2 ** 53 and q.denominator & (q.denominator - 1) == 0


@FEW
@given(st.lists(st.tuples(st.sampled_from([2.0, 3.0, 0.5, 1.5, -2.0, -3.0, 10.0, 0.1, 7.0]),
                          st.integers(-20, 30)), min_size=1, max_size=40))
def test_whole_powers_match_python(cases):
    calls = [("pow", x, float(n)) for x, n in cases]
    for (x, n), (value, _) in zip(cases, orus_math(calls)):
        exact = representable(Fraction(x) ** abs(n))
        want = math.pow(x, n)
        if exact:
            assert value == want, (x, n)
        else:
            assert ulps(value, want) <= 40, (x, n)       # n roundings of the squarings


@FEW
@given(st.lists(st.one_of(st.floats(-700, 700), st.floats(-1, 1)), min_size=1, max_size=40),
       st.lists(st.one_of(st.floats(min_value=1e-300, max_value=1e300), st.floats(0.5, 2)),
                min_size=1, max_size=40))
def test_exp_and_log_are_within_two_ulps(xs, ys):
    calls = [("exp", x) for x in xs] + [("log", y) for y in ys]
    models = [math.exp(x) for x in xs] + [math.log(y) for y in ys]
    for call, want, (value, _) in zip(calls, models, orus_math(calls)):
        assert ulps(value, want) <= 2, call


@FEW
@given(st.lists(st.one_of(st.floats(-10, 10), st.floats(-1e5, 1e5)), min_size=1, max_size=40))
def test_sin_cos_tan_are_close_to_python(xs):
    calls = [(name, x) for x in xs for name in ("sin", "cos", "tan")]
    for (name, x), (value, _) in zip(calls, orus_math(calls)):
        want = getattr(math, name)(x)
        # near a zero of the function the absolute error of the reduced argument dominates
        assert ulps(value, want) <= 4 or abs(value - want) <= 4e-16 * max(1.0, abs(x)), (name, x)


@FEW
@given(st.lists(st.tuples(st.floats(1e-3, 1e3), st.floats(-20, 20)), min_size=1, max_size=40))
def test_fractional_powers_are_close_to_python(cases):
    for (x, y), (value, _) in zip(cases, orus_math([("pow", x, y) for x, y in cases])):
        want = math.pow(x, y)
        # exp(y log x) carries log's rounding times |y log x| into the result
        assert ulps(value, want) <= 4 + 2 * abs(y * math.log(x)), (x, y)
