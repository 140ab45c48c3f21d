"""A derived indicator's formula (`jobs / employment`): indicator ids, numbers, `+ - * /` and parentheses.

`parse_formula` reads the text into a small tree once, when the plan file is loaded, and refuses anything else
(a function call, a name that is not an indicator id, an unbalanced parenthesis) with the position it stopped
at; `Formula.inputs` names the indicators it reads, and `Formula.evaluate` computes it from a value per input,
giving None where a divisor is zero or an input is missing. Imports nothing of ours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/()]))")


class FormulaError(ValueError):
    """A formula the plan file cannot hold; `detail` says where and what (in English, for the plan's error)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Name:
    indicator: str


@dataclass(frozen=True)
class Negative:
    operand: Node


@dataclass(frozen=True)
class Operation:
    operator: str
    left: Node
    right: Node


Node = Number | Name | Negative | Operation
_OPERATIONS: Mapping[str, Callable[[float, float], float | None]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: None if b == 0 else a / b,
}


@dataclass(frozen=True)
class Formula:
    text: str
    tree: Node

    @property
    def inputs(self) -> tuple[str, ...]:
        """The indicator ids the formula reads, each once, in the order written."""
        found: list[str] = []

        def walk(node: Node) -> None:
            if isinstance(node, Name) and node.indicator not in found:
                found.append(node.indicator)
            elif isinstance(node, Negative):
                walk(node.operand)
            elif isinstance(node, Operation):
                walk(node.left)
                walk(node.right)

        walk(self.tree)
        return tuple(found)

    def evaluate(self, values: Mapping[str, float]) -> float | None:
        """The formula's value; None when an input is missing, a divisor is zero or the result is not finite."""
        result = _evaluate(self.tree, values)
        return result if result is not None and math.isfinite(result) else None


def _evaluate(node: Node, values: Mapping[str, float]) -> float | None:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        value = values.get(node.indicator)
        return None if value is None or not math.isfinite(value) else float(value)
    if isinstance(node, Negative):
        inner = _evaluate(node.operand, values)
        return None if inner is None else -inner
    left, right = _evaluate(node.left, values), _evaluate(node.right, values)
    return None if left is None or right is None else _OPERATIONS[node.operator](left, right)


def parse_formula(text: str) -> Formula:
    """The formula's tree; FormulaError naming the position of what could not be read."""
    tokens = _tokens(text)
    parser = _Parser(tokens)
    tree = parser.expression()
    if parser.position < len(tokens):
        raise FormulaError(f"unexpected {tokens[parser.position][1]!r} at position {tokens[parser.position][2] + 1}")
    return Formula(text.strip(), tree)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    found: list[tuple[str, str, int]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            start = len(text) - len(text[position:].lstrip())
            raise FormulaError(f"unexpected {text[start]!r} at position {start + 1}")
        kind = match.lastgroup or "op"
        found.append((kind, match.group(kind), match.start(kind)))
        position = match.end()
    if not found:
        raise FormulaError("the formula is empty")
    return found


@dataclass
class _Parser:
    tokens: list[tuple[str, str, int]]
    position: int = 0

    def _peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> tuple[str, str, int]:
        token = self._peek()
        if token is None:
            raise FormulaError("the formula ends too early")
        self.position += 1
        return token

    def expression(self) -> Node:
        node = self._term()
        while (token := self._peek()) is not None and token[1] in {"+", "-"} and token[0] == "op":
            self.position += 1
            node = Operation(token[1], node, self._term())
        return node

    def _term(self) -> Node:
        node = self._factor()
        while (token := self._peek()) is not None and token[1] in {"*", "/"} and token[0] == "op":
            self.position += 1
            node = Operation(token[1], node, self._factor())
        return node

    def _factor(self) -> Node:
        kind, text, where = self._take()
        if kind == "number":
            return Number(float(text))
        if kind == "name":
            return Name(text)
        if text == "-":
            return Negative(self._factor())
        if text == "(":
            node = self.expression()
            closing = self._peek()
            if closing is None or closing[1] != ")":
                raise FormulaError(f"the parenthesis at position {where + 1} is never closed")
            self.position += 1
            return node
        raise FormulaError(f"unexpected {text!r} at position {where + 1}")
