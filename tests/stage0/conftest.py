"""Make tests/stage0/stage0_helpers.py importable (pytest runs in importlib mode)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
