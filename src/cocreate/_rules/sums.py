"""Each stakeholder's sums: net value, whether it wins, and the ledger.

The sums themselves do not depend on the rules; they are derived data of
the initiative (:attr:`cocreate.Initiative.accounts`). This module reads
them and judges them by the rules' threshold.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._model.hooks import explain, to_html
from cocreate._model.types import Initiative, Stakeholder
from cocreate._rules.params import Rules, beats, initiative_arg, rules_arg
from cocreate.exceptions import UnknownStakeholderError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = [
    "LEDGER_COLUMNS",
    "Ledger",
    "LedgerEntry",
    "Sums",
    "column_label",
    "ledger",
    "net_value",
    "wins",
]

_ID = operator.attrgetter("id")


def net_value(initiative: Initiative, stakeholder: str | Stakeholder) -> float:
    """Return what a stakeholder receives minus what its contributions cost it.

    The sum is exactly rounded, so it does not depend on the order in which
    the values and contributions were given; a sum beyond the float range
    is ``inf`` or ``-inf``.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> net_value(nike_plus(), "apple")
    3.0
    """
    initiative = initiative_arg(initiative, "net_value")
    return initiative.accounts[initiative.stakeholder(stakeholder).id].net_value


def wins(
    initiative: Initiative, stakeholder: str | Stakeholder, *, rules: Rules | None = None
) -> bool:
    """Whether the stakeholder's net value is greater than the win threshold.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> wins(nike_plus(), "apple"), wins(nike_plus(), "apple", rules=Rules(win_threshold=3))
    (True, False)
    """
    initiative = initiative_arg(initiative, "wins")
    threshold = rules_arg(rules).win_threshold
    key = initiative.stakeholder(stakeholder).id
    tally = initiative._tallies[key]  # noqa: SLF001 - the plain form of accounts
    return _wins_of(initiative, threshold)(key, tally[4], tally[5])


def _wins_of(initiative: Initiative, threshold: float) -> Callable[[str, float, float], bool]:
    """Whether a stakeholder wins, from its net value and its doubt (exact near the threshold)."""

    def judged(key: str, net: float, doubt: float) -> bool:
        return beats(net, threshold, doubt, initiative.exact_net, key)

    return judged


@attrs.frozen
class Sums:
    """One stakeholder's sums: what it gives and what it gets, with the stakeholder itself.

    The one type of a stakeholder's sums. A :class:`LedgerEntry` adds whether
    it wins, a :class:`~cocreate.BalanceEntry` its shares of all costs and
    value, a :class:`~cocreate.FairShare` its fair share; each is a ``Sums``,
    and its :attr:`stakeholder` is always the :class:`~cocreate.Stakeholder`
    (with its display name and role), never an id. The numbers are those of
    :class:`~cocreate.Account`, which the initiative keeps by id.

    Examples
    --------
    >>> from cocreate import balance, fair_split
    >>> from cocreate.examples import nike_plus
    >>> nike = nike_plus()
    >>> rows = ledger(nike)["apple"], balance(nike)["apple"], fair_split(nike)["apple"]
    >>> all(isinstance(row, Sums) for row in rows)
    True
    >>> {(row.stakeholder.name, row.cost, row.received, row.net_value) for row in rows}
    {('Apple', 2.0, 5.0, 3.0)}
    """

    #: The stakeholder.
    stakeholder: Stakeholder
    #: How many contributions it gives.
    contributions: int
    #: What they cost it in all, exactly rounded.
    cost: float
    #: How many values it receives.
    values: int
    #: What it receives in all, exactly rounded (negative: a loss).
    received: float
    #: ``received - cost``, exactly rounded from every term.
    net_value: float


#: The ledger's columns, one vocabulary for every form: :meth:`LedgerEntry.to_dict`,
#: ``to_pandas(ledger)``, CSV and Excel use these names; the text table and
#: the HTML view use them with spaces (:func:`column_label`). The two counts
#: say they are counts.
LEDGER_COLUMNS = (
    "id",
    "name",
    "role",
    "internal",
    "contribution_count",
    "cost",
    "value_count",
    "received",
    "net_value",
    "wins",
    "size",
    "group",
    "per_member",
)


def column_label(column: str) -> str:
    """A column's name as people read it in a table header.

    Examples
    --------
    >>> column_label("contribution_count"), column_label("net_value")
    ('contribution count', 'net value')
    """
    return column.replace("_", " ")


@attrs.frozen
class LedgerEntry(Sums):
    """One stakeholder's line in the :class:`Ledger`: its :class:`Sums`, and whether it wins.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> entry = ledger(nike_plus())["runners"]
    >>> entry.contributions, entry.cost, entry.received, entry.net_value, entry.wins
    (2, 1.0, 4.0, 3.0, True)
    """

    #: Whether ``net_value`` is greater than the win threshold.
    wins: bool
    #: Whether it is internal to the focal organization.
    internal: bool
    #: The net value per member: ``net_value / stakeholder.size`` (the net
    #: value itself for a stakeholder that stands for one).
    per_member: float

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as a plain dict of str, int, float and bool (exact values).

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> ledger(nike_plus())["apple"].to_dict()["net_value"]
        3.0
        """
        return {
            "id": self.stakeholder.id,
            "name": self.stakeholder.name,
            "role": self.stakeholder.role.value,
            "internal": self.internal,
            "contribution_count": self.contributions,
            "cost": self.cost,
            "value_count": self.values,
            "received": self.received,
            "net_value": self.net_value,
            "wins": self.wins,
            "size": self.stakeholder.size,
            "group": self.stakeholder.group,
            "per_member": self.per_member,
        }


@attrs.frozen
class Ledger:
    """For every stakeholder: what it gives, what it gets, whether it wins.

    Entries are in the canonical order: by stakeholder id.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> book = ledger(nike_plus())
    >>> book["apple"].net_value, book["apple"].wins
    (3.0, True)
    >>> [entry.stakeholder.id for entry in book.winners]
    ['apple', 'nike', 'runners']
    """

    #: The initiative's name.
    initiative: str
    #: The win threshold the entries were judged by.
    threshold: float
    #: One entry per stakeholder, by stakeholder id.
    entries: tuple[LedgerEntry, ...]
    _by_id: dict[str, LedgerEntry] = attrs.field(init=False, repr=False, eq=False, alias="_by_id")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.stakeholder.id: e for e in self.entries})

    def __getitem__(self, stakeholder: str | Stakeholder) -> LedgerEntry:
        """Return the entry of a stakeholder, by id or object."""
        key = stakeholder.id if isinstance(stakeholder, Stakeholder) else stakeholder
        found = self._by_id.get(key) if isinstance(key, str) else None
        if found is None:
            msg = f"no ledger entry for {key!r} in initiative {self.initiative!r}"
            raise UnknownStakeholderError(msg)
        return found

    def __len__(self) -> int:
        """Return the number of entries."""
        return len(self.entries)

    def __iter__(self) -> Iterator[LedgerEntry]:
        """Iterate over the entries."""
        return iter(self.entries)

    @property
    def winners(self) -> tuple[LedgerEntry, ...]:
        """The entries that win."""
        return tuple(e for e in self.entries if e.wins)

    @property
    def losers(self) -> tuple[LedgerEntry, ...]:
        """The entries that do not win."""
        return tuple(e for e in self.entries if not e.wins)

    def net_values(self) -> dict[str, float]:
        """Return a dict from stakeholder id to net value."""
        return {e.stakeholder.id: e.net_value for e in self.entries}

    def to_dict(self) -> dict[str, Any]:
        """Return the ledger as JSON-ready plain data, with exact values.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> data = ledger(nike_plus()).to_dict()
        >>> data["threshold"], [row["id"] for row in data["entries"]]
        (0.0, ['apple', 'nike', 'runners'])
        """
        return {
            "initiative": self.initiative,
            "threshold": self.threshold,
            "entries": [e.to_dict() for e in self.entries],
        }

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)

    def __str__(self) -> str:
        """Return the ledger as a plain-text table, with numbers short for people."""
        return "\n".join(explain(self))


def ledger(initiative: Initiative, *, rules: Rules | None = None) -> Ledger:
    """Return every stakeholder's contributions, receipts, net value and verdict.

    Computed in one pass over the contributions and one over the values;
    the entries are by stakeholder id.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> print(ledger(nike_plus()))
    stakeholder  role      contribution count  cost  value count  received  net value  wins
    Apple        firm      1                   2     1            5         3          yes
    Nike         firm      2                   5     1            10        5          yes
    runners      customer  2                   1     1            4         3          yes
    """
    initiative = initiative_arg(initiative, "ledger")
    threshold = rules_arg(rules).win_threshold
    # Read from the plain tallies, a column at a time: a million-contribution
    # initiative has a hundred thousand entries, and no Account and no
    # stakeholder lookup is needed to make them.
    tallies = initiative._tallies  # noqa: SLF001 - the plain form of accounts
    people = sorted(initiative.stakeholders, key=_ID)
    keys = list(map(_ID, people))
    # There is always one entry at least: the focal stakeholder's.
    counts, costs, received_counts, received, nets, doubts = zip(
        *map(tallies.__getitem__, keys), strict=True
    )
    entries = map(
        LedgerEntry,
        people,
        counts,
        costs,
        received_counts,
        received,
        nets,
        map(_wins_of(initiative, threshold), keys, nets, doubts),
        map(initiative.internal.__contains__, keys),
        [net / person.size for net, person in zip(nets, people, strict=True)],
    )
    return Ledger(initiative.name, threshold, tuple(entries))
