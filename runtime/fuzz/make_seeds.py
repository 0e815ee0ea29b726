"""Write the fuzz seed corpus: valid modules exercising every instruction family.

    python3 runtime/fuzz/make_seeds.py OUT_DIR
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.runtime import seeds  # noqa: E402  (the programs the runtime tests run)


def main(out: str) -> int:
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    for name, prog in seeds.corpus().items():
        (d / f"{name}.orbc").write_bytes(prog)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
