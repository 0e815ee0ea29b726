"""Parser: tokens to a syntax tree, with a SLY grammar that follows language.md 15 + extensions.

Each rule's action only builds a node; checks that need names or types live in later passes.
"""
from sly import Parser

from stage0 import ast
from stage0.diagnostics import fail
from stage0.lexer import RawLexer, column, layout

DESCRIBE = {
    "NEWLINE": "end of line", "INDENT": "indent", "DEDENT": "end of block",
}


class OrusParser(Parser):
    tokens = RawLexer.tokens
    start = "program"

    def __init__(self, text: str, file: str):
        self.text = text
        self.file = file

    # ---- positions and errors ----------------------------------------------------

    def at(self, p, i=0):
        """(line, column) of symbol i of a production."""
        sym = p._slice[i]
        value = sym.value
        if isinstance(value, ast.Node):
            return value.line, value.col
        if isinstance(value, list) and value and isinstance(value[0], ast.Node):
            return value[0].line, value[0].col
        return sym.lineno, column(self.text, sym.index)

    def named(self, p, i: int, node):
        """Record where the declared name is written."""
        node.name_line, node.name_col = self.at(p, i)
        return node

    def error(self, tok):
        if tok is None:
            fail(self.file, self.text.count("\n") + 1, 1, "Syntax error: unexpected end of file")
        expected = self._lrtable.lr_action[self.state]
        line, col = tok.lineno, column(self.text, tok.index)
        if tok.type == "NEWLINE" and "COLON" in expected:
            fail(self.file, line, col, "Syntax error: expected ':' at the end of the header")
        if "INDENT" in expected and tok.type != "INDENT":
            fail(self.file, line, col, "Syntax error: expected an indented block")
        if tok.type == "INDENT":
            fail(self.file, line, col, "unexpected indent")
        what = DESCRIBE.get(tok.type, f"'{self.text[tok.index:tok.end] or tok.value}'")
        if tok.type in ("INT", "FLOAT"):
            what = f"'{tok.value.text}'"
        elif tok.type == "STRING":
            what = "string literal"
        fail(self.file, line, col, f"Syntax error: unexpected {what}")

    # ---- program and statements --------------------------------------------------

    @_("stmts")
    def program(self, p):
        return p.stmts

    @_("")
    def program(self, p):
        return []

    @_("statement")
    def stmts(self, p):
        return list(p.statement)

    @_("stmts statement")
    def stmts(self, p):
        return p.stmts + p.statement

    @_("simple_stmts NEWLINE", "simple_stmts SEMI NEWLINE")
    def statement(self, p):
        return p.simple_stmts

    @_("compound", "block_init")
    def statement(self, p):
        return [p[0]]

    @_("if_stmt", "while_stmt", "for_stmt", "try_stmt", "match_stmt", "fn_decl", "struct_decl",
       "enum_decl", "impl_decl", "use_decl", "const_decl", "extern_decl")
    def compound(self, p):
        return p[0]

    @_("PUB fn_decl", "PUB struct_decl", "PUB enum_decl", "PUB impl_decl", "PUB const_decl",
       "PUB extern_decl")
    def compound(self, p):
        node = p[1]
        node.pub = True
        node.line, node.col = self.at(p)
        return node

    @_("simple_stmt")
    def simple_stmts(self, p):
        return list(p.simple_stmt)

    @_("simple_stmts SEMI simple_stmt")
    def simple_stmts(self, p):
        return p.simple_stmts + p.simple_stmt

    @_("decl_list")
    def simple_stmt(self, p):
        return p.decl_list

    @_("expr")
    def simple_stmt(self, p):
        return [ast.ExprStmt(*self.at(p), p.expr)]

    @_("aug_assign")
    def simple_stmt(self, p):
        return [p.aug_assign]

    # the target is a place (a postfix expression), so `fn(): n += 1` keeps its body
    @_("postfix PLUSEQ expr", "postfix MINUSEQ expr", "postfix STAREQ expr",
       "postfix SLASHEQ expr", "postfix PERCENTEQ expr")
    def aug_assign(self, p):
        return ast.AugAssign(*self.at(p), p.postfix, p[1][0], p.expr)

    @_("print_stmt", "return_stmt")
    def simple_stmt(self, p):
        return [p[0]]

    @_("BREAK", "CONTINUE")
    def simple_stmt(self, p):
        kind = ast.Break if p[0] == "break" else ast.Continue
        return [kind(*self.at(p), "")]

    @_("BREAK LABEL", "CONTINUE LABEL")
    def simple_stmt(self, p):
        kind = ast.Break if p[0] == "break" else ast.Continue
        return [self.named(p, 1, kind(*self.at(p), p.LABEL))]

    @_("PASS")
    def simple_stmt(self, p):
        return [ast.Pass(*self.at(p))]

    @_("PRINT LPAREN RPAREN")
    def print_stmt(self, p):
        return ast.Print(*self.at(p), [])

    @_("PRINT LPAREN exprs RPAREN")
    def print_stmt(self, p):
        return ast.Print(*self.at(p), p.exprs)

    @_("PRINT LPAREN exprs COMMA RPAREN")
    def print_stmt(self, p):
        line, col = self.at(p, 4)
        fail(self.file, line, col, "Syntax error: trailing comma in print")

    @_("RETURN")
    def return_stmt(self, p):
        return ast.Return(*self.at(p), None)

    @_("RETURN expr")
    def return_stmt(self, p):
        return ast.Return(*self.at(p), p.expr)

    @_("decl")
    def decl_list(self, p):
        return [p.decl]

    @_("decl_list COMMA decl")
    def decl_list(self, p):
        return p.decl_list + [p.decl]

    @_("eq_head expr")
    def decl(self, p):
        return ast.Assign(p.eq_head[0].line, p.eq_head[0].col, p.eq_head, p.expr)

    @_("MUT IDENT ASSIGN expr")
    def decl(self, p):
        return self.named(p, 1, ast.VarDecl(*self.at(p), p.IDENT, None, p.expr, True))

    @_("MUT IDENT COLON type ASSIGN expr")
    def decl(self, p):
        return self.named(p, 1, ast.VarDecl(*self.at(p), p.IDENT, p.type, p.expr, True))

    @_("IDENT COLON type ASSIGN expr")
    def decl(self, p):
        return self.named(p, 0, ast.VarDecl(*self.at(p), p.IDENT, p.type, p.expr, False))

    @_("expr ASSIGN")
    def eq_head(self, p):
        return [p.expr]

    @_("eq_head expr ASSIGN")
    def eq_head(self, p):
        return p.eq_head + [p.expr]

    # statement-level initializers whose value is an indented block (language.md 7.4, 9.3)
    @_("eq_head block_value")
    def block_init(self, p):
        return ast.Assign(p.eq_head[0].line, p.eq_head[0].col, p.eq_head, p.block_value)

    @_("MUT IDENT ASSIGN block_value")
    def block_init(self, p):
        return self.named(p, 1, ast.VarDecl(*self.at(p), p.IDENT, None, p.block_value, True))

    @_("MUT IDENT COLON type ASSIGN block_value")
    def block_init(self, p):
        return self.named(p, 1, ast.VarDecl(*self.at(p), p.IDENT, p.type, p.block_value,
                                            True))

    @_("IDENT COLON type ASSIGN block_value")
    def block_init(self, p):
        return self.named(p, 0, ast.VarDecl(*self.at(p), p.IDENT, p.type, p.block_value,
                                            False))

    @_("RETURN block_value")
    def block_init(self, p):
        return ast.Return(*self.at(p), p.block_value)

    @_("fn_block", "match_expr")
    def block_value(self, p):
        return p[0]

    @_("FN LPAREN params RPAREN ret_type COLON NEWLINE INDENT stmts DEDENT")
    def fn_block(self, p):
        return ast.FnExpr(*self.at(p), p.params, p.ret_type, p.stmts)

    @_("MATCH expr COLON NEWLINE INDENT expr_arms DEDENT")
    def match_expr(self, p):
        return ast.MatchExpr(*self.at(p), p.expr, p.expr_arms)

    @_("expr_arm")
    def expr_arms(self, p):
        return [p.expr_arm]

    @_("expr_arms expr_arm")
    def expr_arms(self, p):
        return p.expr_arms + [p.expr_arm]

    @_("pattern ARROW expr NEWLINE")
    def expr_arm(self, p):
        return ast.MatchArm(p.pattern.line, p.pattern.col, p.pattern, p.expr)

    # ---- compound statements -------------------------------------------------------

    @_("simple_stmts NEWLINE", "simple_stmts SEMI NEWLINE")
    def suite(self, p):
        return p.simple_stmts

    @_("NEWLINE INDENT stmts DEDENT")
    def suite(self, p):
        return p.stmts

    @_("IF expr COLON suite elifs else_part")
    def if_stmt(self, p):
        return ast.If(*self.at(p), [(p.expr, p.suite)] + p.elifs, p.else_part)

    @_("")
    def elifs(self, p):
        return []

    @_("elifs ELIF expr COLON suite")
    def elifs(self, p):
        return p.elifs + [(p.expr, p.suite)]

    @_("")
    def else_part(self, p):
        return None

    @_("ELSE COLON suite")
    def else_part(self, p):
        return p.suite

    @_("WHILE expr COLON suite")
    def while_stmt(self, p):
        return ast.While(*self.at(p), p.expr, p.suite, "")

    @_("LABEL COLON WHILE expr COLON suite")
    def while_stmt(self, p):
        return ast.While(*self.at(p), p.expr, p.suite, p.LABEL)

    @_("FOR IDENT IN iterable COLON suite")
    def for_stmt(self, p):
        return self.make_for(self.at(p), p.IDENT, p.iterable, p.suite, "")

    @_("LABEL COLON FOR IDENT IN iterable COLON suite")
    def for_stmt(self, p):
        return self.make_for(self.at(p), p.IDENT, p.iterable, p.suite, p.LABEL)

    def make_for(self, pos, var, iterable, body, label):
        if iterable[0] == "range":
            _, start, end, step, inclusive = iterable
            return ast.ForRange(pos[0], pos[1], var, start, end, step, inclusive, body, label)
        return ast.ForEach(pos[0], pos[1], var, iterable[1], body, label)

    @_("or_expr DOTDOT or_expr")
    def iterable(self, p):
        return ("range", p.or_expr0, p.or_expr1, None, False)

    @_("or_expr DOTDOTEQ or_expr")
    def iterable(self, p):
        return ("range", p.or_expr0, p.or_expr1, None, True)

    @_("or_expr DOTDOT or_expr DOTDOT or_expr")
    def iterable(self, p):
        return ("range", p.or_expr0, p.or_expr1, p.or_expr2, False)

    @_("or_expr DOTDOTEQ or_expr DOTDOT or_expr")
    def iterable(self, p):
        return ("range", p.or_expr0, p.or_expr1, p.or_expr2, True)

    @_("expr")
    def iterable(self, p):
        return ("value", p.expr)

    @_("TRY COLON suite CATCH IDENT COLON suite")
    def try_stmt(self, p):
        return ast.Try(*self.at(p), p.suite0, p.IDENT, p.suite1)

    @_("TRY COLON suite CATCH COLON suite")
    def try_stmt(self, p):
        return ast.Try(*self.at(p), p.suite0, "", p.suite1)

    @_("MATCH expr COLON NEWLINE INDENT arms DEDENT")
    def match_stmt(self, p):
        return ast.Match(*self.at(p), p.expr, p.arms)

    @_("arm")
    def arms(self, p):
        return [p.arm]

    @_("arms arm")
    def arms(self, p):
        return p.arms + [p.arm]

    @_("pattern ARROW simple_stmts NEWLINE", "pattern ARROW simple_stmts SEMI NEWLINE")
    def arm(self, p):
        return ast.MatchArm(p.pattern.line, p.pattern.col, p.pattern, p.simple_stmts)

    @_("pattern ARROW NEWLINE INDENT stmts DEDENT")
    def arm(self, p):
        return ast.MatchArm(p.pattern.line, p.pattern.col, p.pattern, p.stmts)

    @_("IDENT")
    def pattern(self, p):
        if p.IDENT != "_":
            line, col = self.at(p)
            fail(self.file, line, col,
                 f"Syntax error: a pattern is '_', a literal or Enum.Variant, not '{p.IDENT}'")
        return ast.WildPat(*self.at(p))

    @_("INT", "STRING", "TRUE", "FALSE")
    def pattern(self, p):
        return ast.LitPat(*self.at(p), self.literal(p))

    @_("MINUS INT")
    def pattern(self, p):
        lit = ast.IntLit(*self.at(p, 1), p.INT.value, p.INT.suffix, p.INT.text, True)
        return ast.LitPat(*self.at(p), ast.Unary(*self.at(p), "-", lit))

    @_("dotted_name")
    def pattern(self, p):
        return ast.VariantPat(*self.at(p), p.dotted_name, None)

    @_("dotted_name LPAREN binds RPAREN")
    def pattern(self, p):
        return ast.VariantPat(*self.at(p), p.dotted_name, p.binds)

    @_("IDENT DOT IDENT")
    def dotted_name(self, p):
        return [p.IDENT0, p.IDENT1]

    @_("dotted_name DOT IDENT")
    def dotted_name(self, p):
        return p.dotted_name + [p.IDENT]

    @_("IDENT")
    def binds(self, p):
        return [p.IDENT]

    @_("binds COMMA IDENT")
    def binds(self, p):
        return p.binds + [p.IDENT]

    # ---- declarations ----------------------------------------------------------------

    @_("FN IDENT type_params LPAREN params RPAREN ret_type COLON suite")
    def fn_decl(self, p):
        return self.named(p, 1, ast.FnDecl(*self.at(p), p.IDENT, p.type_params, p.params,
                                           p.ret_type, p.suite))

    @_("EXTERN FN IDENT LPAREN params RPAREN ret_type NEWLINE")
    def extern_decl(self, p):
        return self.named(p, 2, ast.FnDecl(*self.at(p), p.IDENT, [], p.params, p.ret_type, [],
                                           False, True))

    @_("")
    def type_params(self, p):
        return []

    @_("LT names GT")
    def type_params(self, p):
        return p.names

    @_("IDENT")
    def names(self, p):
        return [p.IDENT]

    @_("names COMMA IDENT")
    def names(self, p):
        return p.names + [p.IDENT]

    @_("")
    def ret_type(self, p):
        return None

    @_("ARROW type")
    def ret_type(self, p):
        return p.type

    @_("")
    def params(self, p):
        return []

    @_("param_list", "param_list COMMA")
    def params(self, p):
        return p.param_list

    @_("param")
    def param_list(self, p):
        return [p.param]

    @_("param_list COMMA param")
    def param_list(self, p):
        return p.param_list + [p.param]

    @_("IDENT")
    def param(self, p):
        return ast.Param(*self.at(p), p.IDENT, None, False, p.IDENT == "self")

    @_("MUT IDENT")
    def param(self, p):
        return ast.Param(*self.at(p), p.IDENT, None, True, p.IDENT == "self")

    @_("IDENT COLON type")
    def param(self, p):
        return ast.Param(*self.at(p), p.IDENT, p.type, False, False)

    @_("MUT IDENT COLON type")
    def param(self, p):
        return ast.Param(*self.at(p), p.IDENT, p.type, True, False)

    @_("STRUCT IDENT type_params COLON NEWLINE INDENT field_decls DEDENT")
    def struct_decl(self, p):
        return self.named(p, 1, ast.StructDecl(*self.at(p), p.IDENT, p.type_params,
                                               p.field_decls))

    @_("field_decl")
    def field_decls(self, p):
        return [p.field_decl]

    @_("field_decls field_decl")
    def field_decls(self, p):
        return p.field_decls + [p.field_decl]

    @_("IDENT COLON type NEWLINE")
    def field_decl(self, p):
        return ast.FieldDecl(*self.at(p), p.IDENT, p.type, None)

    @_("IDENT COLON type ASSIGN expr NEWLINE")
    def field_decl(self, p):
        return ast.FieldDecl(*self.at(p), p.IDENT, p.type, p.expr)

    @_("ENUM IDENT type_params COLON NEWLINE INDENT variants DEDENT")
    def enum_decl(self, p):
        return self.named(p, 1, ast.EnumDecl(*self.at(p), p.IDENT, p.type_params, p.variants))

    @_("variant")
    def variants(self, p):
        return [p.variant]

    @_("variants variant")
    def variants(self, p):
        return p.variants + [p.variant]

    @_("IDENT NEWLINE")
    def variant(self, p):
        return ast.VariantDecl(*self.at(p), p.IDENT, [])

    @_("IDENT LPAREN payloads RPAREN NEWLINE")
    def variant(self, p):
        return ast.VariantDecl(*self.at(p), p.IDENT, p.payloads)

    @_("payload")
    def payloads(self, p):
        return [p.payload]

    @_("payloads COMMA payload")
    def payloads(self, p):
        return p.payloads + [p.payload]

    @_("type")
    def payload(self, p):
        return ("", p.type)

    @_("IDENT COLON type")
    def payload(self, p):
        return (p.IDENT, p.type)

    @_("IMPL type_params type_name COLON NEWLINE INDENT methods DEDENT")
    def impl_decl(self, p):
        return ast.ImplDecl(*self.at(p), p.type_params, p.type_name, p.methods)

    @_("method")
    def methods(self, p):
        return [p.method]

    @_("methods method")
    def methods(self, p):
        return p.methods + [p.method]

    @_("fn_decl")
    def method(self, p):
        return p.fn_decl

    @_("PUB fn_decl")
    def method(self, p):
        p.fn_decl.pub = True
        return p.fn_decl

    @_("IDENT COLON type COLONEQ expr NEWLINE")
    def const_decl(self, p):
        return self.named(p, 0, ast.ConstDecl(*self.at(p), p.IDENT, p.type, p.expr))

    @_("USE dotted NEWLINE")
    def use_decl(self, p):
        return self.named(p, 1, ast.Use(*self.at(p), p.dotted, "", None))

    @_("USE dotted AS IDENT NEWLINE")
    def use_decl(self, p):
        return self.named(p, 1, ast.Use(*self.at(p), p.dotted, p.IDENT, None))

    @_("USE dotted COLON import_items NEWLINE")
    def use_decl(self, p):
        return self.named(p, 1, ast.Use(*self.at(p), p.dotted, "", p.import_items))

    @_("IDENT")
    def dotted(self, p):
        return [p.IDENT]

    @_("dotted DOT IDENT")
    def dotted(self, p):
        return p.dotted + [p.IDENT]

    @_("import_item")
    def import_items(self, p):
        return [p.import_item]

    @_("import_items COMMA import_item")
    def import_items(self, p):
        return p.import_items + [p.import_item]

    @_("IDENT")
    def import_item(self, p):
        return ast.ImportItem(*self.at(p), p.IDENT, "")

    @_("IDENT AS IDENT")
    def import_item(self, p):
        return ast.ImportItem(*self.at(p), p.IDENT0, p.IDENT1)

    # ---- types ---------------------------------------------------------------------

    @_("type_name")
    def type(self, p):
        return p.type_name

    @_("LBRACK type RBRACK")
    def type(self, p):
        return ast.ArrayType(*self.at(p), p.type, None)

    @_("LBRACK type COMMA INT RBRACK")
    def type(self, p):
        return ast.ArrayType(*self.at(p), p.type, p.INT.value)

    @_("LBRACK type COMMA IDENT RBRACK")
    def type(self, p):
        return ast.ArrayType(*self.at(p), p.type, p.IDENT)

    @_("FN LPAREN RPAREN ret_type")
    def type(self, p):
        return ast.FnType(*self.at(p), [], p.ret_type)

    @_("FN LPAREN type_list RPAREN ret_type")
    def type(self, p):
        return ast.FnType(*self.at(p), p.type_list, p.ret_type)

    @_("type")
    def type_list(self, p):
        return [p.type]

    @_("type_list COMMA type")
    def type_list(self, p):
        return p.type_list + [p.type]

    @_("simple_type_name")
    def type_name(self, p):
        return p.simple_type_name

    # a `>` directly followed by `>` (GTJ) closes an inner list: Map<K, Option<V>>
    @_("simple_type_name LT type_list GT", "simple_type_name LT type_list GTJ")
    def type_name(self, p):
        node = p.simple_type_name
        node.args = p.type_list
        return node

    @_("IDENT")
    def simple_type_name(self, p):
        return ast.TypeName(*self.at(p), p.IDENT, "", [])

    @_("IDENT DOT IDENT")
    def simple_type_name(self, p):
        return ast.TypeName(*self.at(p), p.IDENT1, p.IDENT0, [])

    # ---- expressions -------------------------------------------------------------------

    @_("cond_expr", "fn_expr")
    def expr(self, p):
        return p[0]

    @_("FN LPAREN params RPAREN ret_type COLON inline_body")
    def fn_expr(self, p):
        return ast.FnExpr(*self.at(p), p.params, p.ret_type, [p.inline_body])

    @_("cond_expr")
    def inline_body(self, p):
        return ast.ExprStmt(*self.at(p), p.cond_expr)

    @_("print_stmt")
    def inline_body(self, p):
        return p[0]

    @_("RETURN expr")
    def inline_body(self, p):
        return ast.Return(*self.at(p), p.expr)

    @_("aug_assign")
    def inline_body(self, p):
        return p.aug_assign

    @_("PASS")
    def inline_body(self, p):
        return ast.Pass(*self.at(p))

    @_("or_expr")
    def cond_expr(self, p):
        return p.or_expr

    @_("or_expr IF or_expr ELSE cond_expr")
    def cond_expr(self, p):
        return ast.Cond(*self.at(p), p.or_expr0, p.or_expr1, p.cond_expr)

    @_("and_expr")
    def or_expr(self, p):
        return p.and_expr

    @_("or_expr OR and_expr")
    def or_expr(self, p):
        return ast.Binary(*self.at(p), "or", p.or_expr, p.and_expr)

    @_("cmp_expr")
    def and_expr(self, p):
        return p.cmp_expr

    @_("and_expr AND cmp_expr")
    def and_expr(self, p):
        return ast.Binary(*self.at(p), "and", p.and_expr, p.cmp_expr)

    @_("bor_expr")
    def cmp_expr(self, p):
        return p.bor_expr

    @_("cmp_expr EQEQ bor_expr", "cmp_expr NE bor_expr", "cmp_expr LT bor_expr",
       "cmp_expr LE bor_expr", "cmp_expr GT bor_expr", "cmp_expr GE bor_expr",
       "cmp_expr MATCHES bor_expr")
    def cmp_expr(self, p):
        return ast.Binary(*self.at(p), p[1], p.cmp_expr, p.bor_expr)

    @_("bxor_expr")
    def bor_expr(self, p):
        return p.bxor_expr

    @_("bor_expr PIPE bxor_expr")
    def bor_expr(self, p):
        return ast.Binary(*self.at(p), "|", p.bor_expr, p.bxor_expr)

    @_("band_expr")
    def bxor_expr(self, p):
        return p.band_expr

    @_("bxor_expr CARET band_expr")
    def bxor_expr(self, p):
        return ast.Binary(*self.at(p), "^", p.bxor_expr, p.band_expr)

    @_("shift_expr")
    def band_expr(self, p):
        return p.shift_expr

    @_("band_expr AMP shift_expr")
    def band_expr(self, p):
        return ast.Binary(*self.at(p), "&", p.band_expr, p.shift_expr)

    @_("add_expr")
    def shift_expr(self, p):
        return p.add_expr

    @_("shift_expr SHL add_expr")
    def shift_expr(self, p):
        return ast.Binary(*self.at(p), "<<", p.shift_expr, p.add_expr)

    @_("shift_expr GTJ GT add_expr")
    def shift_expr(self, p):
        return ast.Binary(*self.at(p), ">>", p.shift_expr, p.add_expr)

    @_("mul_expr")
    def add_expr(self, p):
        return p.mul_expr

    @_("add_expr PLUS mul_expr", "add_expr MINUS mul_expr")
    def add_expr(self, p):
        return ast.Binary(*self.at(p), p[1], p.add_expr, p.mul_expr)

    @_("cast_expr")
    def mul_expr(self, p):
        return p.cast_expr

    @_("mul_expr STAR cast_expr", "mul_expr SLASH cast_expr", "mul_expr PERCENT cast_expr")
    def mul_expr(self, p):
        return ast.Binary(*self.at(p), p[1], p.mul_expr, p.cast_expr)

    @_("unary")
    def cast_expr(self, p):
        return p.unary

    @_("cast_expr AS simple_type_name")
    def cast_expr(self, p):
        return ast.Cast(*self.at(p), p.cast_expr, p.simple_type_name)

    @_("MINUS unary")
    def unary(self, p):
        operand = p.unary
        if isinstance(operand, ast.IntLit) and not operand.negated:
            operand.negated = True
            operand.line, operand.col = self.at(p)
        return ast.Unary(*self.at(p), "-", operand)

    @_("NOT unary", "TILDE unary")
    def unary(self, p):
        return ast.Unary(*self.at(p), p[0], p.unary)

    @_("postfix")
    def unary(self, p):
        return p.postfix

    @_("primary")
    def postfix(self, p):
        return p.primary

    @_("postfix LPAREN args RPAREN")
    def postfix(self, p):
        return ast.Call(*self.at(p), p.postfix, p.args)

    @_("postfix LBRACK expr RBRACK")
    def postfix(self, p):
        return ast.Index(*self.at(p), p.postfix, p.expr)

    @_("postfix LBRACK slice_bounds RBRACK")
    def postfix(self, p):
        return ast.Slice(*self.at(p), p.postfix, p.slice_bounds[0], p.slice_bounds[1])

    @_("postfix DOT IDENT")
    def postfix(self, p):
        node = ast.Member(*self.at(p), p.postfix, p.IDENT)
        node.name_line, node.name_col = self.at(p, 2)
        return node

    @_("postfix LBRACE field_inits RBRACE")
    def postfix(self, p):
        return ast.StructLit(*self.at(p), p.postfix, p.field_inits)

    @_("expr DOTDOT expr")
    def slice_bounds(self, p):
        return (p.expr0, p.expr1)

    @_("expr DOTDOT")
    def slice_bounds(self, p):
        return (p.expr, None)

    @_("DOTDOT expr")
    def slice_bounds(self, p):
        return (None, p.expr)

    @_("DOTDOT")
    def slice_bounds(self, p):
        return (None, None)

    @_("")
    def args(self, p):
        return []

    @_("exprs", "exprs COMMA")
    def args(self, p):
        return p.exprs

    @_("expr")
    def exprs(self, p):
        return [p.expr]

    @_("exprs COMMA expr")
    def exprs(self, p):
        return p.exprs + [p.expr]

    @_("")
    def field_inits(self, p):
        return []

    @_("field_list", "field_list COMMA")
    def field_inits(self, p):
        return p.field_list

    @_("field_init")
    def field_list(self, p):
        return [p.field_init]

    @_("field_list COMMA field_init")
    def field_list(self, p):
        return p.field_list + [p.field_init]

    @_("field_list field_init")
    def field_list(self, p):
        last = p.field_list[-1]
        if p.field_init.line == last.line:
            fail(self.file, p.field_init.line, p.field_init.col,
                 "Syntax error: expected ',' between struct fields")
        return p.field_list + [p.field_init]

    @_("IDENT COLON expr")
    def field_init(self, p):
        return ast.FieldInit(*self.at(p), p.IDENT, p.expr)

    @_("INT", "FLOAT", "STRING", "TRUE", "FALSE", "NULL")
    def primary(self, p):
        return self.literal(p)

    @_("IDENT")
    def primary(self, p):
        return ast.Name(*self.at(p), p.IDENT)

    @_("LPAREN expr RPAREN")
    def primary(self, p):
        inner = p.expr
        if isinstance(inner, ast.StrLit):
            inner.paren = True
        return inner

    @_("LBRACK RBRACK")
    def primary(self, p):
        return ast.ArrayLit(*self.at(p), [])

    @_("LBRACK exprs RBRACK", "LBRACK exprs COMMA RBRACK")
    def primary(self, p):
        return ast.ArrayLit(*self.at(p), p.exprs)

    @_("LBRACK expr SEMI expr RBRACK")
    def primary(self, p):
        return ast.FillLit(*self.at(p), p.expr0, p.expr1)

    def literal(self, p):
        line, col = self.at(p)
        tok = p._slice[0]
        if tok.type == "INT":
            return ast.IntLit(line, col, tok.value.value, tok.value.suffix, tok.value.text)
        if tok.type == "FLOAT":
            return ast.FloatLit(line, col, tok.value.value, tok.value.suffix)
        if tok.type == "STRING":
            return ast.StrLit(line, col, tok.value)
        if tok.type == "NULL":
            return ast.NullLit(line, col)
        return ast.BoolLit(line, col, tok.type == "TRUE")


def parse(text: str, file: str = "<input>") -> ast.Module:
    """Parse one source file into a Module; raises CompileError on the first syntax error.
    Tokens are produced on demand, so a syntax error is reported before layout errors of
    later lines."""
    tokens = layout(RawLexer(file).tokenize(text), text, file)
    parser = OrusParser(text, file)
    body = parser.parse(tokens)
    return ast.Module(1, 1, file, body or [])
