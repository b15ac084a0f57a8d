"""The formulas of e3value models: parsed by recursive descent, never ``eval``.

A formula is ``ATTRIBUTE=expression``. An expression holds numbers, the
operators ``+ - * /``, parentheses, unary minus and plus, and references
to attributes of elements of the same model:

- ``e3{#54.OCCURRENCES}``: the element whose ``e3_has_uid`` is 54;
- ``e3{'Monthly fee'.VALUATION}``: the element with that name;
- ``e3{ValuePort('Monthly fee').VALUATION}``: the same, as older editors wrote it;
- ``e3{CARDINALITY}``: an attribute of the element the formula belongs to.

An empty expression is 0, as the e3value editors write an attribute that
was never filled in. Parsing turns an expression into a short program in
reverse Polish notation, run by a stack machine; references are resolved
and evaluated in dependency order with an explicit stack, so neither long
chains of references nor long sums can exhaust Python's recursion limit,
and a reference cycle is reported with its path.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = ["Formulas", "Reference", "parse"]

#: How deeply parentheses may nest in one formula.
MAX_NESTING = 50

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<ref>e3\{[^{}]*\})|(?P<op>[-+*/()]))"
)
_ATTRIBUTE = r"([A-Za-z][A-Za-z0-9_]*)"
_BY_UID = re.compile(r"#\s*([^\s.]+)\s*\." + _ATTRIBUTE)
_BY_NAME = re.compile(r"'([^']*)'\s*\." + _ATTRIBUTE)
_BY_OLD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\('([^']*)'\)\s*\." + _ATTRIBUTE)
_LOCAL = re.compile(_ATTRIBUTE)


class FormulaError(Exception):
    """A formula that cannot be parsed or evaluated; the message says why."""


@attrs.frozen
class Reference:
    """A reference in a formula: by ``uid``, by ``name``, or ``local`` to its element."""

    how: str
    target: str
    attribute: str


Program = tuple[float | str | Reference, ...]
Key = tuple[str, str]


def _reference(text: str) -> Reference:
    inner = text[3:-1].strip()
    for how, pattern in (("uid", _BY_UID), ("name", _BY_NAME), ("name", _BY_OLD_NAME)):
        match = pattern.fullmatch(inner)
        if match:
            return Reference(how, match.group(1), match.group(2))
    match = _LOCAL.fullmatch(inner)
    if match:
        return Reference("local", "", match.group(1))
    msg = f"cannot read the reference {_short(text)}"
    raise FormulaError(msg)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _tokens(expression: str) -> list[str | float | Reference]:
    tokens: list[str | float | Reference] = []
    position = 0
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if match is None or match.end() == position:
            rest = expression[position:].strip()
            if not rest:
                break
            msg = f"unexpected {_short(rest, 20)} at position {position + 1}"
            raise FormulaError(msg)
        if match.group("number") is not None:
            tokens.append(float(match.group("number")))
        elif match.group("ref") is not None:
            tokens.append(_reference(match.group("ref")))
        else:
            tokens.append(match.group("op"))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over the tokens, writing reverse Polish notation."""

    def __init__(self, tokens: list[str | float | Reference]) -> None:
        self.tokens = tokens
        self.position = 0
        self.out: list[float | str | Reference] = []

    def peek(self) -> str | float | Reference | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str | float | Reference | None:
        token = self.peek()
        self.position += 1
        return token

    def expression(self, depth: int) -> None:
        self.term(depth)
        while self.peek() in {"+", "-"}:
            operator = self.take()
            self.term(depth)
            self.out.append(str(operator))

    def term(self, depth: int) -> None:
        self.factor(depth)
        while self.peek() in {"*", "/"}:
            operator = self.take()
            self.factor(depth)
            self.out.append(str(operator))

    def factor(self, depth: int) -> None:
        negative = False
        while self.peek() in {"+", "-"}:
            negative ^= self.take() == "-"
        self.primary(depth)
        if negative:
            self.out.append("neg")

    def primary(self, depth: int) -> None:
        item = self.take()
        if isinstance(item, float | Reference):
            self.out.append(item)
        elif item == "(":
            if depth >= MAX_NESTING:
                msg = f"parentheses nest more than {MAX_NESTING} deep"
                raise FormulaError(msg)
            self.expression(depth + 1)
            if self.take() != ")":
                msg = "a '(' is not closed"
                raise FormulaError(msg)
        elif item is None:
            msg = "the expression ends where a number or reference is expected"
            raise FormulaError(msg)
        else:
            msg = f"unexpected {item!r} where a number or reference is expected"
            raise FormulaError(msg)


def parse(expression: str) -> Program:
    """Return the program of an expression; ``FormulaError`` if it is not one.

    Examples
    --------
    >>> parse("2 * (3 + e3{#7.VALUATION})")
    (2.0, 3.0, Reference(how='uid', target='7', attribute='VALUATION'), '+', '*')
    >>> parse("")
    (0.0,)
    """
    tokens = _tokens(expression)
    if not tokens:
        return (0.0,)
    parser = _Parser(tokens)
    parser.expression(0)
    if parser.position < len(tokens):
        msg = f"unexpected {parser.tokens[parser.position]!r} after the end of the expression"
        raise FormulaError(msg)
    return tuple(parser.out)


def _apply(operator: str, left: float, right: float) -> float:
    if operator == "+":
        return left + right
    if operator == "-":
        return left - right
    if operator == "*":
        return left * right
    if right == 0:
        msg = "divides by zero"
        raise FormulaError(msg)
    return left / right


def run(program: Program, lookup: Callable[[Reference], float]) -> float:
    """Run a program on a stack; ``lookup`` gives the value of each reference."""
    stack: list[float] = []
    for item in program:
        if isinstance(item, float):
            stack.append(item)
        elif isinstance(item, Reference):
            stack.append(lookup(item))
        elif item == "neg":
            stack.append(-stack.pop())
        else:
            right = stack.pop()
            stack.append(_apply(item, stack.pop(), right))
    result = stack.pop()
    if not math.isfinite(result):
        msg = f"gives {result}, not a finite number"
        raise FormulaError(msg)
    return result


# --------------------------------------------------------------------------
# A model's formulas, evaluated in dependency order.


class Formulas:
    """Every formula of a model, and the names and uids that references use.

    Parameters
    ----------
    programs
        The parsed formula of each ``(element, attribute)``.
    names
        Each element's name; a name reference must name exactly one element.
    uids
        Each element's uid (``e3_has_uid``).
    """

    def __init__(
        self,
        programs: Mapping[Key, Program],
        names: Mapping[str, str],
        uids: Mapping[str, str],
    ) -> None:
        self.programs = dict(programs)
        self._by_name = _index(names.items())
        self._by_spaced_name = _index((e, " ".join(n.split())) for e, n in names.items())
        self._by_uid = _index((e, u.strip()) for e, u in uids.items())

    def resolve(self, element: str, reference: Reference) -> Key:
        """Return the key a reference in ``element``'s formulas points to."""
        if reference.how == "local":
            return element, reference.attribute
        if reference.how == "uid":
            found = self._by_uid.get(reference.target, [])
            shown = f"#{reference.target}"
        else:
            found = self._by_name.get(reference.target) or self._by_spaced_name.get(
                " ".join(reference.target.split()), []
            )
            shown = _short(reference.target)
        if len(found) == 1:
            return found[0], reference.attribute
        if not found:
            msg = f"refers to {shown}, which no element of the model is"
        else:
            msg = f"refers to {shown}, which {len(found)} elements are; refer to one by its uid"
        raise FormulaError(msg)

    def evaluate(
        self, wanted: Iterable[Key], fixed: Mapping[Key, float]
    ) -> tuple[dict[Key, float], dict[Key, str]]:
        """Evaluate the wanted keys and all they refer to.

        ``fixed`` gives values that replace formulas (and need none).
        Returns the values, and for each key that failed at its own formula
        (not merely because a formula it refers to failed) the reason.
        """
        run_ = _Evaluation(self, fixed)
        for key in wanted:
            run_.visit(key)
        return run_.values, run_.errors


def _shown(reference: Reference) -> str:
    if reference.how == "uid":
        return f"#{reference.target}.{reference.attribute}"
    if reference.how == "name":
        return f"{_short(reference.target)}.{reference.attribute}"
    return reference.attribute


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for element, word in sorted(pairs):
        table.setdefault(word, []).append(element)
    return table


class _FailedError(Exception):
    """A formula this one refers to failed; it has already been reported."""


class _Evaluation:
    """One evaluation: a depth-first walk with an explicit stack."""

    def __init__(self, formulas: Formulas, fixed: Mapping[Key, float]) -> None:
        self.formulas = formulas
        self.values: dict[Key, float] = dict(fixed)
        self.errors: dict[Key, str] = {}
        self.failed: set[Key] = set()

    def dependencies(self, key: Key) -> list[Key]:
        program = self.formulas.programs[key]
        keys = []
        for item in program:
            if isinstance(item, Reference):
                target = self.formulas.resolve(key[0], item)
                if target not in self.values and target not in self.formulas.programs:
                    msg = f"refers to {_shown(item)}, which that element does not define"
                    raise FormulaError(msg)
                keys.append(target)
        return keys

    def visit(self, start: Key) -> None:
        if start in self.values or start in self.failed:
            return
        path: list[Key] = []
        on_path: set[Key] = set()
        stack: list[tuple[Key, list[Key] | None]] = [(start, None)]
        while stack:
            key, pending = stack.pop()
            if pending is None:
                if key in on_path:
                    self.cycle([*path[path.index(key) :], key])
                    continue
                try:
                    pending = self.dependencies(key)
                except FormulaError as error:
                    self.fail(key, str(error))
                    continue
                path.append(key)
                on_path.add(key)
            todo = [k for k in pending if k not in self.values and k not in self.failed]
            if todo:
                stack.append((key, todo[1:]))
                stack.append((todo[0], None))
                continue
            path.pop()
            on_path.discard(key)
            self.finish(key)

    def finish(self, key: Key) -> None:
        if key in self.failed:
            return
        program = self.formulas.programs[key]

        def lookup(reference: Reference) -> float:
            target = self.formulas.resolve(key[0], reference)
            if target in self.failed:
                raise _FailedError
            return self.values[target]

        try:
            self.values[key] = run(program, lookup)
        except _FailedError:
            self.failed.add(key)
        except FormulaError as error:
            self.fail(key, str(error))

    def fail(self, key: Key, reason: str) -> None:
        self.failed.add(key)
        self.errors[key] = reason

    def cycle(self, keys: list[Key]) -> None:
        shown = " -> ".join(attribute for _, attribute in keys)
        for key in keys[:-1]:
            if key not in self.failed:
                self.fail(key, f"refers back to itself ({shown})")
