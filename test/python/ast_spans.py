"""Ranges of an Alembic file as Python's own ast module reads them, in UTF-16 document offsets.

For each path: every op.* / batch_op.* call at statement level of upgrade() and downgrade()
(skipping loops and nested functions, as Schemaguard does), with its callee, positional and
keyword arguments; every expression and keyword span in the file; and the module-level
assignments. Prints one JSON object keyed by path.
"""
import ast
import json
import sys


def offsets(text):
    units = [0]
    for ch in text:
        units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
    line_starts = [0]
    i = 0
    while i < len(text):
        if text[i] == "\r":
            if i + 1 < len(text) and text[i + 1] == "\n":
                i += 1
            line_starts.append(i + 1)
        elif text[i] == "\n":
            line_starts.append(i + 1)
        i += 1

    def at(lineno, col):
        start = line_starts[lineno - 1]
        end = line_starts[lineno] if lineno < len(line_starts) else len(text)
        line = text[start:end].encode("utf-8")
        return units[start + len(line[:col].decode("utf-8"))]

    return lambda node: [at(node.lineno, node.col_offset), at(node.end_lineno, node.end_col_offset)]


def calls_of(body, span, batches):
    out = []
    for statement in body:
        value = None
        if isinstance(statement, ast.Expr):
            value = statement.value
        elif isinstance(statement, ast.Assign):
            value = statement.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Name):
            receiver = value.func.value.id
            if receiver == "op" or receiver in batches:
                out.append({
                    "span": span(value),
                    "callee": span(value.func),
                    "args": [span(arg) for arg in value.args if not isinstance(arg, ast.Starred)],
                    "keywords": [[keyword.arg, *span(keyword), *span(keyword.value)] for keyword in value.keywords if keyword.arg],
                })
        if isinstance(statement, ast.With):
            inner = set(batches)
            for item in statement.items:
                expr = item.context_expr
                if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "batch_alter_table"
                        and isinstance(item.optional_vars, ast.Name)):
                    inner.add(item.optional_vars.id)
            out += calls_of(statement.body, span, inner)
        elif isinstance(statement, ast.If):
            out += calls_of(statement.body, span, batches) + calls_of(statement.orelse, span, batches)
        elif isinstance(statement, ast.Try):
            out += calls_of(statement.body, span, batches)
            for handler in statement.handlers:
                out += calls_of(handler.body, span, batches)
            out += calls_of(statement.orelse, span, batches) + calls_of(statement.finalbody, span, batches)
    return out


result = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        result[path] = {"error": str(error)}
        continue
    span = offsets(text)
    functions = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in ("upgrade", "downgrade") and node.name not in functions:
            functions[node.name] = calls_of(node.body, span, set())
    spans = sorted({"%d:%d" % tuple(span(node)) for node in ast.walk(tree) if isinstance(node, (ast.expr, ast.keyword))})
    assignments = {
        node.targets[0].id: span(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
    }
    strings = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings["%d:%d" % tuple(span(node))] = node.value
        elif isinstance(node, ast.JoinedStr) and all(isinstance(part, ast.Constant) for part in node.values):
            strings["%d:%d" % tuple(span(node))] = "".join(part.value for part in node.values)
    result[path] = {"functions": functions, "spans": spans, "assignments": assignments, "strings": strings}
print(json.dumps(result))
