"""The parameters of the rules: the kinds, the checks, and :class:`Rules`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from cocreate._model.hooks import explain, to_html
from cocreate._model.types import (
    VOICE_RESOURCES,
    Initiative,
    Resource,
    _Once,
    _WordEnum,
    check_fields,
    has_groups,
    initiative_arg,
)
from cocreate._model.validate import (
    CHOICE,
    COUNT,
    FLAG,
    MEMBERS,
    NUMBER,
    FieldKind,
    as_written,
    describe,
)
from cocreate.exceptions import ArgumentError, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from decimal import Decimal

    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "Check",
    "Kind",
    "Outcome",
    "Rules",
    "beats",
    "beats_column",
    "initiative_arg",
    "judge_columns",
    "rules_arg",
]


class Kind(_WordEnum):
    """The kinds an initiative is classified as, strongest first.

    Examples
    --------
    >>> Kind.CO_CREATION.label
    'co-creation'
    >>> [kind.label for kind in Kind]
    ['co-creation', 'customer-focused innovation', 'collaboration', 'unclassified']
    """

    CO_CREATION = "co_creation"
    CUSTOMER_FOCUSED_INNOVATION = "customer_focused_innovation"
    COLLABORATION = "collaboration"
    UNCLASSIFIED = "unclassified"

    @property
    def label(self) -> str:
        """The kind in words, as a sentence would use it."""
        return _LABELS[self]


_LABELS = {
    Kind.CO_CREATION: "co-creation",
    Kind.CUSTOMER_FOCUSED_INNOVATION: "customer-focused innovation",
    Kind.COLLABORATION: "collaboration",
    Kind.UNCLASSIFIED: "unclassified",
}


class Outcome(_WordEnum):
    """The strongest win condition that holds, apart from the kind.

    Examples
    --------
    >>> from cocreate import classify
    >>> from cocreate.examples import nike_plus, my_starbucks_idea
    >>> classify(nike_plus()).outcome, classify(my_starbucks_idea()).outcome
    (<Outcome.WIN_WIN_WIN: 'win_win_win'>, <Outcome.WIN_WIN: 'win_win'>)
    >>> Outcome.WIN_WIN.label
    'win-win'
    """

    #: The firm, its co-creators and its customers all win.
    WIN_WIN_WIN = "win_win_win"
    #: The firm and its customers win.
    WIN_WIN = "win_win"
    #: Neither condition holds.
    NONE = "none"

    @property
    def label(self) -> str:
        """The outcome in words."""
        return "no win-win" if self is Outcome.NONE else self.value.replace("_", "-")


class Check(_WordEnum):
    """The criteria that :func:`cocreate.classify` checks, as data.

    Each :class:`cocreate.Criterion` names one of these; the sentences that
    explain them are written from the data, when they are first read.

    Examples
    --------
    >>> Check.CO_CREATORS.value
    'co_creators'
    >>> Check.wins_of(Check.CUSTOMERS_WIN)
    'customers'
    """

    #: The goal is not a specific outcome.
    GOAL = "goal"
    #: Some external stakeholder gives a substantive resource.
    CO_CREATORS = "co_creators"
    #: The focal organization wins.
    FOCAL_WINS = "focal_wins"
    #: Every co-creator wins.
    CO_CREATORS_WIN = "co_creators_win"
    #: There is at least one customer.
    CUSTOMERS = "customers"
    #: Every customer wins.
    CUSTOMERS_WIN = "customers_win"
    #: Some co-creator and some customer are different stakeholders.
    THREE_PARTIES = "three_parties"
    #: At least one customer contributes.
    CUSTOMER_CONTRIBUTES = "customer_contributes"
    #: Every customer contribution is a voice resource.
    VOICE_ONLY = "voice_only"
    #: Enough distinct stakeholders contribute.
    CONTRIBUTORS = "contributors"

    @staticmethod
    def wins_of(check: Check) -> str | None:
        """Which group a win check is about (``focal``, ``co_creators``, ``customers``), if any."""
        return _WIN_GROUPS.get(check)


_WIN_GROUPS = {
    Check.FOCAL_WINS: "focal",
    Check.CO_CREATORS_WIN: "co_creators",
    Check.CUSTOMERS_WIN: "customers",
}

#: The checks of each kind, in the order they are explained; a kind holds when all hold.
KIND_CHECKS: Final[tuple[tuple[Kind, tuple[Check, ...]], ...]] = (
    (
        Kind.CO_CREATION,
        (
            Check.GOAL,
            Check.CO_CREATORS,
            Check.FOCAL_WINS,
            Check.CO_CREATORS_WIN,
            Check.CUSTOMERS,
            Check.CUSTOMERS_WIN,
            Check.THREE_PARTIES,
        ),
    ),
    (
        Kind.CUSTOMER_FOCUSED_INNOVATION,
        (
            Check.GOAL,
            Check.CUSTOMER_CONTRIBUTES,
            Check.VOICE_ONLY,
            Check.FOCAL_WINS,
            Check.CUSTOMERS,
            Check.CUSTOMERS_WIN,
        ),
    ),
    (Kind.COLLABORATION, (Check.CONTRIBUTORS,)),
)


def decide(holds: dict[Check, bool]) -> Kind:
    """Return the first kind whose checks all hold, given each check's verdict.

    This is the one statement of the order of the kinds; :func:`cocreate.classify`
    and :func:`cocreate.robustness` both use it.

    Examples
    --------
    >>> every = dict.fromkeys(Check, True)
    >>> decide(every)
    <Kind.CO_CREATION: 'co_creation'>
    >>> decide({**every, Check.CO_CREATORS: False})
    <Kind.CUSTOMER_FOCUSED_INNOVATION: 'customer_focused_innovation'>
    >>> decide(dict.fromkeys(Check, False))
    <Kind.UNCLASSIFIED: 'unclassified'>
    """
    for kind, checks in KIND_CHECKS:
        if all(map(holds.__getitem__, checks)):
            return kind
    return Kind.UNCLASSIFIED


#: The win checks: a kind that needs one needs some party to win.
WIN_CHECKS: Final = (Check.FOCAL_WINS, Check.CO_CREATORS_WIN, Check.CUSTOMERS_WIN)

#: The checks of each win condition.
_OUTCOME_CHECKS: Final = (
    (
        Outcome.WIN_WIN_WIN,
        (
            Check.FOCAL_WINS,
            Check.CO_CREATORS,
            Check.CO_CREATORS_WIN,
            Check.CUSTOMERS,
            Check.CUSTOMERS_WIN,
            Check.THREE_PARTIES,
        ),
    ),
    (Outcome.WIN_WIN, (Check.FOCAL_WINS, Check.CUSTOMERS, Check.CUSTOMERS_WIN)),
)


#: Every win check held, for :func:`structure_of`.
_ALL_WIN: Final = dict.fromkeys(WIN_CHECKS, True)


def structure_of(holds: Mapping[Check, bool]) -> Kind:
    """The kind the structural checks alone give, as if every win check held.

    Examples
    --------
    >>> every = dict.fromkeys(Check, True)
    >>> structure_of({**every, Check.CO_CREATORS_WIN: False})
    <Kind.CO_CREATION: 'co_creation'>
    """
    return decide({**holds, **_ALL_WIN})


def outcome_of(holds: Mapping[Check, bool]) -> Outcome:
    """The strongest win condition whose checks all hold.

    Examples
    --------
    >>> every = dict.fromkeys(Check, True)
    >>> outcome_of(every), outcome_of({**every, Check.THREE_PARTIES: False})
    (<Outcome.WIN_WIN_WIN: 'win_win_win'>, <Outcome.WIN_WIN: 'win_win'>)
    """
    for outcome, checks in _OUTCOME_CHECKS:
        if all(map(holds.__getitem__, checks)):
            return outcome
    return Outcome.NONE


def beats(
    net: float,
    threshold: float,
    doubt: float = 0.0,
    exact: Callable[[str], Decimal] | None = None,
    key: str = "",
) -> bool:
    """Whether a net value wins: the one statement of that rule.

    A party wins when its net value is greater than the threshold. Where
    the float net value lies within ``doubt`` of the threshold (rounding
    distance), ``exact(key)`` gives the exact decimal net value to compare
    instead, so that rounding noise never decides; a doubt of 0 means the
    float is exact already.

    Examples
    --------
    >>> beats(0.1, 0.0), beats(0.0, 0.0)
    (True, False)
    >>> from decimal import Decimal
    >>> beats(0.30000000000000004, 0.3, 1e-16, lambda key: Decimal("0.3"), "p")
    False
    """
    if exact is None or not doubt or abs(net - threshold) > doubt:
        # No doubt: the float is the exact decimal rounded once, and rounding
        # keeps the order of two numbers that round apart (and a float equal
        # to the threshold is its decimal, which does not exceed it).
        return net > threshold
    return exact(key) > as_written(threshold)


def beats_column(
    net: NDArray[np.float64],
    threshold: float,
    doubt: NDArray[np.float64],
    tally: Callable[[int], tuple[float, float, Callable[[str], Decimal]]],
) -> NDArray[np.bool_]:
    """Whether each net value of a column wins: :func:`beats` over a column.

    The columnar twin of :func:`beats`, for :func:`cocreate.classify_table`.
    Where a float net value stands more than ``doubt`` from the threshold,
    the float comparison decides, as in :func:`beats`. For the few rows
    within ``doubt`` (where the column's sum, made in another order than
    the row form's, might round to the other side), ``tally(row)`` gives the
    net value and doubt the row form finds, and the exact sum, and
    :func:`beats` itself decides.

    Examples
    --------
    >>> import numpy as np
    >>> from decimal import Decimal
    >>> net = np.array([1.0, 0.30000000000000004, -2.0])
    >>> doubt = np.array([0.0, 1e-16, 0.0])
    >>> exact = lambda key: Decimal("0.3")
    >>> beats_column(net, 0.3, doubt, lambda row: (net[row], doubt[row], exact)).tolist()
    [True, False, False]
    """
    won = net > threshold
    # A doubt of 0 says the float is exact, as in beats.
    for row in ((abs(net - threshold) <= doubt) & (doubt > 0)).nonzero()[0].tolist():
        row_net, row_doubt, exact = tally(row)
        won[row] = beats(row_net, threshold, row_doubt, exact)
    return won


def first_failed(holds: dict[Check, bool]) -> Check | None:
    """The first check that failed, in the order :func:`cocreate.classify` lists its criteria.

    ``None`` when the strongest kind holds.

    Examples
    --------
    >>> every = dict.fromkeys(Check, True)
    >>> first_failed({**every, Check.CUSTOMERS_WIN: False})
    <Check.CUSTOMERS_WIN: 'customers_win'>
    >>> first_failed(every) is None
    True
    """
    kind = decide(holds)
    for candidate, checks in KIND_CHECKS:
        if candidate is kind:
            return None
        for check in checks:
            if not holds[check]:
                return check
    return None  # pragma: no cover - unclassified has failed some check of co-creation


def judge_columns(
    holds: Mapping[Check, NDArray[np.bool_]],
) -> tuple[list[Kind], list[Kind], list[Outcome], list[Check | None], NDArray[np.intp]]:
    """The kind, structure, outcome and first failed check of each row of check columns.

    The columnar twin of :func:`decide`, :func:`structure_of`,
    :func:`outcome_of` and :func:`first_failed`: each row's verdicts are
    packed into one number, and each distinct number (at most ``2 **
    len(Check)`` of them) goes through those functions once. Returns the
    answers for each distinct number, and for each row the index of its own.

    Examples
    --------
    >>> import numpy as np
    >>> every = {check: np.array([True, True]) for check in Check}
    >>> every[Check.CO_CREATORS_WIN] = np.array([True, False])
    >>> kinds, structures, outcomes, failed, row = judge_columns(every)
    >>> [kinds[i].value for i in row], [structures[i].value for i in row]
    (['co_creation', 'customer_focused_innovation'], ['co_creation', 'co_creation'])
    >>> [failed[i] for i in row]
    [None, <Check.CO_CREATORS_WIN: 'co_creators_win'>]
    """
    import numpy as np

    checks = list(Check)
    code = np.zeros(len(next(iter(holds.values()))), dtype=np.int64)
    for bit, check in enumerate(checks):
        code |= np.asarray(holds[check], dtype=np.int64) << bit
    distinct, row = np.unique(code, return_inverse=True)
    kinds, structures, outcomes, failed = [], [], [], []
    for number in distinct.tolist():
        verdicts = {check: bool(number >> bit & 1) for bit, check in enumerate(checks)}
        kinds.append(decide(verdicts))
        structures.append(structure_of(verdicts))
        outcomes.append(outcome_of(verdicts))
        failed.append(first_failed(verdicts))
    return kinds, structures, outcomes, failed, row.reshape(-1)


_RULE_KINDS: tuple[tuple[str, FieldKind[Any]], ...] = (
    ("win_threshold", NUMBER()),
    ("voice_resources", MEMBERS(Resource)),
    ("min_contributors", COUNT),
    ("groups", CHOICE("together", "each")),
    ("customers_co_create", FLAG),
)


def _voice_in(value: Iterable[Resource | str]) -> frozenset[Resource]:
    """Widen the accepted type for the type checker; the field kind converts and checks."""
    return value  # type: ignore[return-value]


@attrs.frozen
class Rules(_Once):
    """The parameters of the rules, with the source texts' values as defaults.

    Parameters
    ----------
    win_threshold
        A stakeholder wins when its net value is greater than this.
    voice_resources
        The resources that count as voice (ideas, input, feedback); every
        other resource is substantive.
    min_contributors
        How many distinct contributors make a collaboration.
    groups
        ``"together"`` (the default): the segments of a group are judged as
        one party, on the sum of their net values, and the party is a
        co-creator or a customer when any segment is (see
        :attr:`Initiative.crowds`). ``"each"``: every segment on its own.
    customers_co_create
        ``False`` (the default): a win-win-win needs some co-creator and
        some customer to be different parties. ``True``: customers who give
        substantive inputs may be the co-creators, as in the firm-and-customer
        view of co-creation; the firm and those customers (and every other
        customer) winning is enough.

    Examples
    --------
    >>> from cocreate import classify
    >>> from cocreate.examples import nike_plus
    >>> Rules().win_threshold, Rules().min_contributors
    (0.0, 2)
    >>> classify(nike_plus(), rules=Rules(win_threshold=100)).kind
    <Kind.COLLABORATION: 'collaboration'>
    >>> broad = Rules(voice_resources={"ideas", "input", "feedback", "data"})
    >>> broad.is_voice(Resource.DATA)
    True
    """

    win_threshold: float = 0.0
    voice_resources: frozenset[Resource] = attrs.field(default=VOICE_RESOURCES, converter=_voice_in)
    min_contributors: int = 2
    groups: str = attrs.field(default="together", kw_only=True)
    customers_co_create: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        faults = check_fields(self, _RULE_KINDS)
        if faults:
            raise InvalidModelError("Rules", faults)

    def __str__(self) -> str:
        """Return the rules in words, one sentence per line.

        Examples
        --------
        >>> print(Rules(win_threshold=2))
        A stakeholder wins with a net value above 2.
        Voice resources (the rest are substantive): feedback, ideas and input.
        Collaboration needs at least 2 distinct contributors.
        The segments of a crowd are judged together, as one party.
        A win-win-win needs some co-creator and some customer to be different parties.
        """
        return "\n".join(explain(self))

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks: each setting, its value and what it means."""
        return to_html(self)

    def is_voice(self, resource: Resource) -> bool:
        """Whether ``resource`` is a voice resource under these rules."""
        return resource in self.voice_resources

    def to_dict(self) -> dict[str, Any]:
        """Return the rules as JSON-ready plain data.

        Examples
        --------
        >>> Rules().to_dict()["voice_resources"]
        ['feedback', 'ideas', 'input']
        """
        return {
            "win_threshold": self.win_threshold,
            "voice_resources": sorted(r.value for r in self.voice_resources),
            "min_contributors": self.min_contributors,
            "groups": self.groups,
            "customers_co_create": self.customers_co_create,
        }

    def judged(self, initiative: Initiative) -> Initiative:
        """The initiative as these rules judge it: each group as one party, or as it is.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> nike = nike_plus()
        >>> Rules().judged(nike) is nike  # no groups: the initiative itself
        True
        """
        if self.groups == "together" and has_groups(initiative):
            return initiative.crowds
        return initiative


DEFAULT_RULES: Final = Rules()


def rules_arg(rules: Rules | None) -> Rules:
    """Return the rules to apply: the defaults for ``None``; refuse anything else."""
    if rules is None:
        return DEFAULT_RULES
    if not isinstance(rules, Rules):
        msg = f"rules must be a cocreate.Rules or None, got {describe(rules)}"
        raise ArgumentError(msg)
    return rules
