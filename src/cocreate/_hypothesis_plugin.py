"""Register cocreate's strategies with Hypothesis's ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` through the ``hypothesis``
entry point when it is imported. The hook only registers: the strategies
module itself is imported the first time a strategy is drawn from.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    import hypothesis.strategies as st

    from cocreate import Contribution, Initiative, Stakeholder, Value

    def later(name: str) -> Any:
        def build(_: type) -> Any:
            def load() -> Any:
                from cocreate import strategies

                return getattr(strategies, name)()

            return st.deferred(load)

        return build

    st.register_type_strategy(Stakeholder, later("stakeholders"))
    st.register_type_strategy(Contribution, later("contributions"))
    st.register_type_strategy(Value, later("values"))
    st.register_type_strategy(Initiative, later("initiatives"))
