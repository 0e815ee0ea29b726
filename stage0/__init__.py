"""stage0: the bootstrap Orus compiler (lexer, parser, checker, code generator, CLI)."""

VERSION = "0.1.0"
