"""stage0/bytecode.py: encoding, labels, register counting and deterministic output."""
import struct

import pytest

from stage0.bytecode import BytecodeError, ModuleBuilder, encode, fnv1a64
from stage0.opcodes import OP


def small_module() -> ModuleBuilder:
    mb = ModuleBuilder("main", source="main.orus")
    fn = mb.function("", 0)
    done = fn.label()
    fn.line(3)
    fn.emit("LOADK", 0, mb.const_str("hi"))
    fn.emit("LOADI", 1, -5)
    fn.emit("JLTI", 1, 10, 1, target=done)
    fn.line(4)
    fn.emit("ADDI_I32", 1, 1, 1)
    fn.mark(done)
    fn.emit("RETURN0")
    mb.set_init(fn)
    return mb


def test_encode_places_fields_with_their_excess():
    word = encode("ADDI_I32", A=1, B=2, sC=-3)
    assert word == OP["ADDI_I32"].code | 1 << 8 | 2 << 16 | (124 << 24)


def test_encode_rejects_out_of_range_field():
    with pytest.raises(BytecodeError, match="sC = 200"):
        encode("ADDI_I32", A=0, B=0, sC=200)


def test_conditional_emits_jmp_word_with_offset_to_label():
    mb = small_module()
    words = mb.functions[0].words()
    assert len(words) == 6
    assert words[3] & 0xFF == OP["JMP"].code
    assert (words[3] >> 8) - 8388607 == 1        # skips the ADDI_I32 word


def test_register_count_covers_highest_register_and_spans():
    mb = ModuleBuilder("m")
    fn = mb.function("f", 2)
    fn.emit("NEWARRAY", 0, 3, 4)                # reads R[3..6]
    fn.emit("RETURN", 0)
    assert fn.nregs() == 7


def test_same_calls_give_same_bytes_and_a_valid_checksum():
    a, b = small_module().to_bytes(), small_module().to_bytes()
    assert a == b
    assert a[:4] == b"ORBC"
    assert struct.unpack("<Q", a[-8:])[0] == fnv1a64(a[:-8])


def test_constants_are_deduplicated_by_type_and_bits():
    mb = ModuleBuilder("m")
    assert mb.const_int(1) == mb.const_int(1)
    assert mb.const_int(1) != mb.const_int(1, "i64")
    assert mb.const_f64(0.0) != mb.const_f64(-0.0)


def test_unplaced_label_is_an_error():
    mb = ModuleBuilder("m")
    fn = mb.function("f", 0)
    fn.jump(fn.label())
    mb.set_init(fn)
    with pytest.raises(BytecodeError, match="never placed"):
        mb.to_bytes()


def test_wrong_operand_count_is_an_error():
    fn = ModuleBuilder("m").function("f", 0)
    with pytest.raises(BytecodeError, match="takes"):
        fn.emit("MOVE", 1)


def test_kcall_span_uses_kernel_arity():
    mb = ModuleBuilder("m")
    fn = mb.function("f", 0)
    fn.emit("KCALL", 2, 4)                       # io_write(fd, buf, len)
    assert fn.nregs() == 5
