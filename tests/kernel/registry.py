"""Which primitive and which declared error path each kernel test covers.

Tests register themselves with `@conformance("name", ...)` and
`@error_path("name", "ECODE")`; test_coverage.py compares the registry with kernel.idl.
"""
from __future__ import annotations

CONFORMANCE: dict[str, set[str]] = {}
ERROR_PATHS: dict[tuple[str, str], set[str]] = {}


def conformance(*prims: str):
    def mark(test):
        for p in prims:
            CONFORMANCE.setdefault(p, set()).add(test.__name__)
        return test
    return mark


def error_path(prim: str, *errors: str):
    def mark(test):
        for e in errors:
            ERROR_PATHS.setdefault((prim, e), set()).add(test.__name__)
        return test
    return mark
