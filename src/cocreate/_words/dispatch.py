"""One ``explain``: the sentences of any result, dispatched on its type.

Each result type says its sentences (``.sentences``, ``.reasons``, its text
table); :func:`explain` gives them as a tuple of str whatever the type, so
that code reading many results need not know which attribute each uses.
"""

from __future__ import annotations

import functools

from cocreate._model.types import Initiative
from cocreate._model.validate import describe
from cocreate._rules.facts import WinCheck
from cocreate._rules.sums import Ledger
from cocreate.exceptions import ArgumentError

__all__ = ["explain"]


@functools.singledispatch
def explain(result: object) -> tuple[str, ...]:
    """Return the sentences of a result: a classification, a check, a ledger, a judgment, ...

    Examples
    --------
    >>> from cocreate import classify, check_win_win, ledger
    >>> from cocreate.examples import nike_plus
    >>> explain(classify(nike_plus()))[0][:40]
    "'Nike+' is co-creation: the goal is a ne"
    >>> explain(check_win_win(nike_plus()))[0]
    "focal firm 'Nike' has net value 5 and wins"
    >>> explain(ledger(nike_plus()))[0]
    'stakeholder  role      gives  cost  gets  received  net  wins'
    """
    sentences = getattr(result, "sentences", None)
    if isinstance(sentences, tuple) and all(isinstance(s, str) for s in sentences):
        return sentences
    if isinstance(result, tuple) and result and all(hasattr(r, "sentences") for r in result):
        return tuple(s for item in result for s in explain(item))
    msg = f"explain needs a cocreate result, got {describe(result).split(' ')[0]}"
    raise ArgumentError(msg)


@explain.register
def _(result: WinCheck) -> tuple[str, ...]:
    return result.reasons


@explain.register
def _(result: Ledger) -> tuple[str, ...]:
    return tuple(str(result).splitlines())


@explain.register
def _(result: Initiative) -> tuple[str, ...]:
    return (str(result),)
