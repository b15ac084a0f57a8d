"""Register cocreate's strategies with Hypothesis's ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` through the ``hypothesis``
entry point when it is imported. The hook only registers: the strategies
module itself is imported the first time a strategy is drawn from.
"""

from __future__ import annotations

from typing import Any

#: The model types, and the strategy in :mod:`cocreate.strategies` for each, with its
#: arguments: models drawn for a type may carry ranges (``low``, ``high``).
_STRATEGIES: dict[str, tuple[str, dict[str, Any]]] = {
    "Stakeholder": ("stakeholders", {}),
    "Contribution": ("contributions", {"ranges": True}),
    "Value": ("values", {"ranges": True}),
    "Initiative": ("initiatives", {"ranges": True}),
    "Rules": ("rules", {}),
}


def _later(name: str, arguments: dict[str, Any]) -> Any:
    """Return a ``from_type`` resolver that imports :mod:`cocreate.strategies` when drawn from."""
    import hypothesis.strategies as st

    def resolve(_: type) -> Any:
        def load() -> Any:
            from cocreate import strategies

            return getattr(strategies, name)(**arguments)

        return st.deferred(load)

    return resolve


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each model type; import nothing heavy, draw nothing."""
    import hypothesis.strategies as st

    import cocreate

    for type_name, (strategy_name, arguments) in _STRATEGIES.items():
        st.register_type_strategy(getattr(cocreate, type_name), _later(strategy_name, arguments))
