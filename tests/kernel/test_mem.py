"""Conformance of mem_alloc, mem_realloc, mem_free, mem_zero."""
import ctypes

import pytest

from tests.kernel.registry import conformance, error_path

HUGE = 1 << 62   # no machine can satisfy it, so malloc reports ENOMEM for real


@conformance("mem_alloc", "mem_free")
@pytest.mark.parametrize("align", [1, 8, 16, 64, 4096])
def test_alloc_returns_writable_block_with_requested_alignment(k, align):
    p = k.mem_alloc(100, align)
    assert p is not None and p % align == 0
    ctypes.memset(p, 0xAB, 100)
    assert ctypes.string_at(p, 100) == b"\xab" * 100
    k.mem_free(p, 100, align)


@error_path("mem_alloc", "EINVAL")
@pytest.mark.parametrize("size, align", [(0, 8), (16, 0), (16, 3), (16, 24)])
def test_alloc_rejects_zero_size_and_non_power_of_two_alignment(k, size, align):
    assert k.mem_alloc(size, align) is None
    assert k.errno_name() == "EINVAL"


@error_path("mem_alloc", "ENOMEM")
def test_alloc_of_impossible_size_fails_with_enomem(k):
    assert k.mem_alloc(HUGE, 8) is None
    assert k.errno_name() == "ENOMEM"


@conformance("mem_realloc")
@pytest.mark.parametrize("align", [8, 256])
def test_realloc_grows_and_shrinks_keeping_prefix(k, align):
    p = k.mem_alloc(10, align)
    ctypes.memmove(p, b"0123456789", 10)
    p = k.mem_realloc(p, 10, 5000, align)
    assert p % align == 0 and ctypes.string_at(p, 10) == b"0123456789"
    p = k.mem_realloc(p, 5000, 4, align)
    assert p % align == 0 and ctypes.string_at(p, 4) == b"0123"
    k.mem_free(p, 4, align)


def test_realloc_of_null_allocates(k):
    p = k.mem_realloc(None, 0, 32, 16)
    assert p is not None and p % 16 == 0
    k.mem_free(p, 32, 16)


@error_path("mem_realloc", "EINVAL")
def test_realloc_to_zero_is_einval_and_keeps_the_block(k):
    p = k.mem_alloc(8, 8)
    ctypes.memmove(p, b"keepme!!", 8)
    assert k.mem_realloc(p, 8, 0, 8) is None
    assert k.errno_name() == "EINVAL"
    assert ctypes.string_at(p, 8) == b"keepme!!"
    k.mem_free(p, 8, 8)


@error_path("mem_realloc", "ENOMEM")
def test_realloc_failure_leaves_old_block_valid(k):
    p = k.mem_alloc(8, 8)
    ctypes.memmove(p, b"survives", 8)
    assert k.mem_realloc(p, 8, HUGE, 8) is None
    assert k.errno_name() == "ENOMEM"
    assert ctypes.string_at(p, 8) == b"survives"
    k.mem_free(p, 8, 8)


def test_free_of_null_is_ignored(k):
    calls_before = k.trace("mem_free")[0]
    k.mem_free(None, 0, 8)
    assert k.trace("mem_free")[0] == calls_before + 1


@conformance("mem_zero")
def test_zero_clears_exactly_the_given_bytes(k):
    p = k.mem_alloc(16, 8)
    ctypes.memset(p, 0xFF, 16)
    assert k.mem_zero(p, 8) == 0
    assert ctypes.string_at(p, 16) == b"\0" * 8 + b"\xff" * 8
    k.mem_free(p, 16, 8)


@error_path("mem_zero", "EINVAL")
def test_zero_of_null_with_size_is_einval(k):
    assert k.mem_zero(None, 4) == -1
    assert k.errno_name() == "EINVAL"
    assert k.mem_zero(None, 0) == 0
