"""Valid modules covering the instruction families, used as fuzz seeds."""
from tests.runtime.test_gc import buffers_prog, cycle_prog
from tests.runtime.test_vm_calls import counter_prog, countdown_prog, fib_prog
from tests.runtime.test_vm_objects import array_prog
from tests.runtime.test_vm_ops import binop, cast_prog, for_prog, range_prog


def corpus() -> dict[str, bytes]:
    def arr(p, f):
        f.emit("LOADI", 1, 1)
        f.emit("GETINDEX", 2, 0, 1)
        f.emit("SETINDEX", 0, 1, 2)
    progs = {
        "fib": fib_prog(5), "count": countdown_prog(3, tail=True), "counter": counter_prog(),
        "cycles": cycle_prog(3), "buffers": buffers_prog(3), "array": array_prog(arr),
        "add": binop("ADD_I32", "i32", 1, "i32", 2), "fdiv": binop("DIV_F64", "f64", 1.0, "f64", 3.0, "f64"),
        "cast": cast_prog("f64", 2.5, "I32", "int"), "for": for_prog("FORPREP_I", 0, 3, 1, 0),
        "range": range_prog(0, 4, 2),
    }
    return {name: p.bytes() for name, p in progs.items()}
