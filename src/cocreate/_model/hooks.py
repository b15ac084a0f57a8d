"""The hooks through which a result reaches its words, its views and its plain forms.

The model and the rules return data; the words, the views and the plain
forms (dict, graph) sit in layers above them. A result's ``__str__``,
``sentences`` or ``_repr_html_`` calls a hook defined here, and the layer
above fills it in when it is imported (``import cocreate`` imports every
layer). So data flows one way: nothing below imports anything above, not
even inside a function.

:func:`explain` and :func:`to_html` dispatch on the result's type
(:func:`functools.singledispatch`); each words or views module registers the
types it shows. A :class:`Slot` is a hook for one function, such as the
dict form of an initiative.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

from cocreate._model.validate import describe, whole_number
from cocreate.exceptions import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["MAX_ROWS", "Slot", "explain", "html_view", "takes_rules", "to_html"]

P = ParamSpec("P")
R = TypeVar("R")

#: Rows an HTML table shows before it says how many more there are.
MAX_ROWS = 50


class Slot(Generic[P, R]):
    """A hook for one function, filled in by the layer that defines it.

    Examples
    --------
    >>> double: Slot[[int], int] = Slot("double")
    >>> double.fill(lambda x: 2 * x)(4)
    8
    >>> double(21)
    42
    """

    __slots__ = ("_function", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self._function: Callable[P, R] | None = None

    def fill(self, function: Callable[P, R]) -> Callable[P, R]:
        """Make ``function`` the one this slot calls; return it (a decorator)."""
        self._function = function
        return function

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Call the function that fills the slot."""
        if self._function is None:  # pragma: no cover - `import cocreate` fills every slot
            msg = f"{self.name} is not available: import cocreate first"
            raise RuntimeError(msg)
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        """Return the slot's name."""
        return f"Slot({self.name!r})"


@functools.singledispatch
def explain(result: object) -> tuple[str, ...]:
    """Return the sentences of a result: a classification, a check, a ledger, a judgment, ...

    Every result type has its sentences here, whatever attribute it also
    keeps them in (``.sentences``, ``.reasons``, its text table), so code
    that reads many results need not know which is which.

    Raises
    ------
    ArgumentError
        If ``result`` is not a cocreate result.

    Examples
    --------
    >>> from cocreate import classify, check_win_win, ledger
    >>> from cocreate.examples import nike_plus
    >>> explain(classify(nike_plus()))[0][:40]
    "'Nike+' is co-creation: the goal is a ne"
    >>> explain(check_win_win(nike_plus()))[0]
    "focal firm 'Nike' has net value 5 and wins"
    >>> explain(ledger(nike_plus()))[0]
    'stakeholder  role      contribution count  cost  value count  received  net value  wins'
    """
    if isinstance(result, tuple) and result and all(type(r) in explain.registry for r in result):
        return tuple(s for item in result for s in explain(item))
    msg = f"explain needs a cocreate result, got {describe(result).split(' ')[0]}"
    raise ArgumentError(msg)


def to_html(obj: object, *, max_rows: int = MAX_ROWS, rules: Any = None) -> str:
    """Return an HTML view of an initiative or of any result.

    The view shows what the result holds and computes nothing: a
    classification shows its own verdict, a judgment its own figures. Only
    an initiative is classified here, by ``rules`` (the default rules when
    ``None``); every result shows the rules it was made with.

    Parameters
    ----------
    obj
        An :class:`~cocreate.Initiative`, or any result: a classification,
        ledger, profile, win check, robustness, stability, simulation,
        sweep, comparison, defection (or a tuple of them), balance or fair
        split.
    max_rows
        Rows a table shows before it says how many more there are.
    rules
        The rules to classify an initiative by; only for an initiative.

    Returns
    -------
    str
        An HTML fragment: one ``<div>``, no scripts.

    Raises
    ------
    CocreateError
        If ``obj`` is none of these, or ``max_rows`` is not a whole number >= 1.

    Examples
    --------
    >>> from cocreate import classify, robustness
    >>> from cocreate.examples import nike_plus
    >>> page = to_html(classify(nike_plus()))
    >>> page.startswith("<div") and "co-creation" in page
    True
    >>> "<script" in to_html(nike_plus()), "<div" in to_html(robustness(nike_plus()))
    (False, True)
    """
    whole_number("max_rows", max_rows)
    if rules is not None and type(obj) not in _RULED:
        msg = f"rules is only for an Initiative; a {type(obj).__name__} shows its own rules"
        raise ArgumentError(msg)
    return html_view(obj, max_rows=max_rows, rules=rules)


#: The types whose HTML view takes rules (an initiative, which the view classifies).
_RULED: set[type] = set()


def takes_rules(cls: type) -> None:
    """Let :func:`to_html` pass ``rules`` to the view of ``cls`` (only an initiative's)."""
    _RULED.add(cls)


@functools.singledispatch
def html_view(obj: object, *, max_rows: int, rules: Any) -> str:
    """The table of HTML views by type, filled in by the views layer (see :func:`to_html`)."""
    del max_rows, rules
    msg = (
        "to_html takes an Initiative or a cocreate result (Classification, Ledger, "
        f"Robustness, Comparison, FairSplit, ...), got {describe(obj).split(' ')[0]}"
    )
    raise ArgumentError(msg)
