"""Meta-tests: every primitive in kernel.idl has a conformance test, and every error code a
primitive declares has a test that makes the kernel report it."""
import importlib
from pathlib import Path

import pytest

from tests.kernel.ork import ERRORS, IDL
from tests.kernel.registry import CONFORMANCE, ERROR_PATHS

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module", autouse=True)
def all_kernel_tests_registered():
    """Import every kernel test module so their registrations exist even when run alone."""
    for path in sorted(HERE.glob("test_*.py")):
        if path.stem != "test_coverage":
            importlib.import_module(f"tests.kernel.{path.stem}")


def declared_error_paths():
    return {(p.name, e) for p in IDL.prims for e in p.errors}


def test_every_primitive_has_a_conformance_test():
    missing = sorted(p.name for p in IDL.prims if p.name not in CONFORMANCE)
    assert missing == []


def test_every_declared_error_path_has_a_test():
    missing = sorted(declared_error_paths() - set(ERROR_PATHS))
    assert missing == []


def test_registrations_name_real_primitives_and_errors():
    names = {p.name for p in IDL.prims}
    assert sorted(set(CONFORMANCE) - names) == []
    assert sorted((p, e) for p, e in ERROR_PATHS if p not in names or e not in ERRORS) == []


def test_errors_not_producible_by_the_host_have_a_natural_test():
    from tests.kernel.test_fault import NOT_FROM_HOST
    injected_only = "test_host_error_reaches_the_caller_as_its_code"
    lacking = sorted(pair for pair in NOT_FROM_HOST if not ERROR_PATHS.get(pair, set()) - {injected_only})
    assert lacking == []


def test_tests_do_not_claim_errors_the_idl_does_not_declare():
    undeclared = sorted(set(ERROR_PATHS) - declared_error_paths())
    assert undeclared == []
