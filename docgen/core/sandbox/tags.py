"""The tree a template is compiled from, in which each tag first records itself.

Why: a message must name the tag past a limit as the juriste wrote it, and the deadline
must be checked in every loop. ``Bounds`` rewrites the parsed tree so that each
``{{ }}``, ``{% if %}``, ``{% set %}`` and ``{% for %}`` goes through the hooks of
``filters`` first, and ``~`` is measured; the rendered text is the same, byte for byte.
``_source`` turns a tag back into its written text, near enough, for those messages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import cast

from jinja2 import nodes
from jinja2.visitor import NodeTransformer


class Bounds(NodeTransformer):
    """Each tag records itself before it runs; loops are timed; ``~`` is measured."""

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        children: list[nodes.Expr] = []
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                children.append(child)
            else:
                tag = f"{{{{ {_source(child)} }}}}"
                children.append(_recorded(tag, cast(nodes.Expr, self.visit(child))))
        node.nodes = children
        return node

    def visit_For(self, node: nodes.For) -> nodes.Node:
        tag = f"{{% for {_source(node.target)} in {_source(node.iter)} %}}"
        self.generic_visit(node)
        recorded = _recorded(tag, cast(nodes.Expr, node.iter))
        node.iter = _filter(recorded, "_docgen_loop", nodes.Const(tag))
        return node

    def visit_If(self, node: nodes.If) -> nodes.Node:
        tag = f"{{% if {_source(node.test)} %}}"
        self.generic_visit(node)
        node.test = _recorded(tag, cast(nodes.Expr, node.test))
        return node

    def visit_Assign(self, node: nodes.Assign) -> nodes.Node:
        tag = f"{{% set {_source(node.target)} = {_source(node.node)} %}}"
        self.generic_visit(node)
        node.node = _recorded(tag, cast(nodes.Expr, node.node))
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_filter(operand, "_docgen_value") for operand in node.nodes]
        return _filter(node, "_docgen_text")


def _filter(node: nodes.Expr, name: str, *args: nodes.Expr) -> nodes.Filter:
    made = nodes.Filter(node, name, list(args), [], None, None, lineno=node.lineno)
    return cast(nodes.Filter, made.set_lineno(node.lineno))


def _recorded(tag: str, node: nodes.Expr) -> nodes.Expr:
    """``_docgen_at(tag) and node``: the tag is recorded, then the node's value is used."""
    short = tag if len(tag) <= 120 else tag[:119] + "…"
    record = nodes.Filter(nodes.Const(short), "_docgen_at", [], [], None, None)
    return cast(nodes.Expr, nodes.And(record, node, lineno=node.lineno).set_lineno(node.lineno))


_UNARY = {"not": "not ", "neg": "-", "pos": "+"}
_COMPARE = {
    "eq": "==",
    "ne": "!=",
    "gt": ">",
    "gteq": ">=",
    "lt": "<",
    "lteq": "<=",
    "in": "in",
    "notin": "not in",
}


def _source(node: nodes.Node, depth: int = 0) -> str:
    """The expression as a juriste wrote it, near enough (for messages)."""
    if depth > 12:
        return "…"
    again = functools.partial(_source, depth=depth + 1)
    match node:
        case nodes.Name():
            return str(node.name)
        case nodes.Const():
            value = node.value
            if isinstance(value, str):
                return repr(value if len(value) <= 30 else value[:29] + "…")
            if value is None or isinstance(value, bool):
                return str(value).lower()
            return str(value)
        case nodes.Getattr():
            return f"{again(node.node)}.{node.attr}"
        case nodes.Getitem():
            return f"{again(node.node)}[{again(node.arg)}]"
        case nodes.Slice():
            parts = [again(p) if p is not None else "" for p in (node.start, node.stop)]
            return ":".join(parts) + (f":{again(node.step)}" if node.step is not None else "")
        case nodes.Call():
            return f"{again(node.node)}({_arguments(node, again)})"
        case nodes.Filter():
            base = again(node.node) if node.node is not None else ""
            arguments = _arguments(node, again)
            return f"{base}|{node.name}" + (f"({arguments})" if arguments else "")
        case nodes.Test():
            arguments = _arguments(node, again)
            return f"{again(node.node)} is {node.name}" + (f"({arguments})" if arguments else "")
        case nodes.BinExpr():
            return f"{_operand(node.left, again)} {node.operator} {_operand(node.right, again)}"
        case nodes.UnaryExpr():
            return _UNARY.get(node.operator, node.operator) + _operand(node.node, again)
        case nodes.Compare():
            tail = " ".join(f"{_COMPARE.get(o.op, o.op)} {again(o.expr)}" for o in node.ops)
            return f"{again(node.expr)} {tail}"
        case nodes.Concat():
            return " ~ ".join(_operand(n, again) for n in node.nodes)
        case nodes.CondExpr():
            otherwise = f" else {again(node.expr2)}" if node.expr2 is not None else ""
            return f"{again(node.expr1)} if {again(node.test)}{otherwise}"
        case nodes.List():
            return "[" + ", ".join(again(i) for i in node.items) + "]"
        case nodes.Tuple():
            return ", ".join(again(i) for i in node.items)
        case nodes.Dict():
            return "{" + ", ".join(f"{again(p.key)}: {again(p.value)}" for p in node.items) + "}"
    return "…"


def _operand(node: nodes.Node, again: Callable[[nodes.Node], str]) -> str:
    text = again(node)
    return f"({text})" if isinstance(node, nodes.BinExpr | nodes.CondExpr) else text


def _arguments(node: nodes.Call | nodes.Filter | nodes.Test, again: Callable[..., str]) -> str:
    parts = [again(a) for a in node.args]
    parts += [f"{k.key}={again(k.value)}" for k in node.kwargs]
    if node.dyn_args is not None:
        parts.append(f"*{again(node.dyn_args)}")
    if node.dyn_kwargs is not None:
        parts.append(f"**{again(node.dyn_kwargs)}")
    return ", ".join(parts)
