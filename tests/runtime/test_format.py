"""Number formatting intrinsics: f64 shortest round-trip layout (language.md 12.3, 12.4),
%.Nf (12.5), integers per base and width, and f64 parsing."""
import math
import struct

import pytest
from hypothesis import given, settings, strategies as st

from tests.runtime.vmkit import Prog, run_vm

F64_CASES = [
    (3.0, "3"), (0.1, "0.1"), (-2.75, "-2.75"), (0.1 + 0.2, "0.30000000000000004"),
    (1.0 / 3.0, "0.3333333333333333"), (100.0 / 3.0, "33.333333333333336"),
    (123456.789, "123456.789"), (1e20, "100000000000000000000"),
    (1.23e20, "123000000000000000000"), (1e21, "1e+21"),
    (float(9223372036854775807), "9223372036854776000"), (1.5e300, "1.5e+300"),
    (0.000001, "0.000001"), (1e-7, "1e-7"), (2.5e-7, "2.5e-7"), (5e-324, "5e-324"),
    (-0.0, "0"), (math.inf, "inf"), (-math.inf, "-inf"), (math.nan, "nan"),
    (1.7976931348623157e308, "1.7976931348623157e+308"), (100.0, "100"), (0.5, "0.5"),
]


def fmt_prog(values, intrinsic="__fmt_f64", extra=()) -> Prog:
    p = Prog()
    f = p.main
    for v in values:
        p.load(f, 0, v, "f64")
        for reg, (x, t) in enumerate(extra, 1):
            p.load(f, reg, x, t)
        p.intrin(f, 0, intrinsic)
        p.say_str(f, 0)
    p.finish()
    return p


def test_f64_rendering_table(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, fmt_prog([v for v, _ in F64_CASES]))
    assert r.out.splitlines() == [want for _, want in F64_CASES]


@pytest.mark.parametrize("v,digits,want", [
    (3.1415926535, 3, "3.142"), (0.5, 0, "0"), (2.675, 2, "2.67"), (-0.001, 2, "-0.00"),
    (math.nan, 2, "nan"), (-math.inf, 1, "-inf"), (1.5, 0, "2"), (2.5, 0, "2"),
])
def test_fixed_formatting_rounds_the_exact_binary_value(orusvm, tmp_path, v, digits, want):
    r = run_vm(orusvm, tmp_path, fmt_prog([v], "__fmt_fixed", [(digits, "i32")]))
    assert r.out == want + "\n"


@pytest.mark.parametrize("v,t,base,upper,want", [
    (200, "i32", 16, False, "c8"), (200, "i32", 16, True, "C8"), (200, "i32", 2, False, "11001000"),
    (200, "i32", 8, False, "310"), (-17, "i32", 16, False, "ffffffef"),
    (-17, "i32", 2, False, "11111111111111111111111111101111"), (-17, "i32", 8, False, "37777777757"),
    (-17, "i64", 16, False, "ffffffffffffffef"), (0, "u8", 2, False, "0"),
    (-9223372036854775808, "i64", 10, False, "-9223372036854775808"),
    (18446744073709551615, "u64", 10, False, "18446744073709551615"),
])
def test_integer_formatting_per_base_and_width(orusvm, tmp_path, v, t, base, upper, want):
    p = Prog()
    f = p.main
    p.load(f, 0, v, t)
    p.say_int(f, 0, base, upper)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == want + "\n"


def shortest_repr(x: float) -> str:
    """Reference: Python's repr digits laid out by the rules of 12.3."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    if x == 0:
        return "0"
    sign, x = ("-", -x) if x < 0 else ("", x)
    mant, _, exp = f"{x:.17e}".partition("e")
    r = repr(x)
    digits, e = _digits_of(r)
    n = e + 1
    k = len(digits)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * -n + digits
    else:
        ee = n - 1
        body = digits[0] + ("." + digits[1:] if k > 1 else "") + f"e{'+' if ee >= 0 else '-'}{abs(ee)}"
    return sign + body


def _digits_of(r: str) -> tuple[str, int]:
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    intpart, _, frac = mant.partition(".")
    digits = (intpart + frac).lstrip("0")
    lead = len(intpart.lstrip("0")) if intpart.strip("0") else -(len(frac) - len(frac.lstrip("0")))
    e += lead - 1
    return digits.rstrip("0") or "0", e


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=40, max_size=40))
def test_f64_rendering_matches_shortest_round_trip(orusvm, tmp_path_factory, xs):
    tmp = tmp_path_factory.mktemp("fmt")
    r = run_vm(orusvm, tmp, fmt_prog(xs))
    assert r.out.splitlines() == [shortest_repr(x) for x in xs]


def test_parse_f64(orusvm, tmp_path):
    p = Prog()
    f = p.main
    for text in ("2.5", "-1e3", ".5", "7.", "inf", "-Infinity", "1e400", "12x"):
        p.load(f, 0, text)
        p.intrin(f, 0, "__parse_f64")
        p.intrin(f, 0, "__fmt_f64")
        p.say_str(f, 0)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out.split() == ["2.5", "-1000", "0.5", "7", "inf", "-inf", "inf", "nan"]


def test_f64_bits_round_trip(orusvm, tmp_path):
    p = Prog()
    f = p.main
    p.load(f, 0, -2.5, "f64")
    p.intrin(f, 0, "__f64_bits")
    p.say_int(f, 0, 16)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == f"{struct.unpack('<Q', struct.pack('<d', -2.5))[0]:x}\n"
