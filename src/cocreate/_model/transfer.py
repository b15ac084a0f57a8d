"""Two-sided transfers: what one stakeholder gives and another receives."""

from __future__ import annotations

from cocreate._model.types import Contribution, Resource, Stakeholder, Value, ValueKind
from cocreate.exceptions import Fault, InvalidModelError

__all__ = ["transfer"]


def transfer(
    giver: str | Stakeholder,
    receiver: str | Stakeholder,
    resource: Resource | str,
    amount: float,
    *,
    received: float | None = None,
    low: float | None = None,
    high: float | None = None,
    link: str | None = None,
    description: str = "",
) -> tuple[Contribution, Value]:
    """Return both sides of a transfer: what it costs the giver, and what the receiver gets.

    A :class:`~cocreate.Value` on its own is one-sided: its ``provider`` is
    descriptive and nothing is subtracted from the provider. A transfer is
    the pair that counts for both: a :class:`~cocreate.Contribution` from
    ``giver`` to ``receiver`` that costs the giver ``amount``, and a
    :class:`~cocreate.Value` of ``received`` for ``receiver`` with ``giver``
    as its provider. Add both to an initiative and the giver's net value
    drops by ``amount`` while the receiver's rises by ``received``.

    The contribution is an *exchange* (``exchange=True``): a payment, a
    purchase, a vendor's paid service counts in net values and for nothing
    else, so paying for the offering never makes a customer a co-creator.
    An input to the innovation that one stakeholder hands another is a
    :class:`~cocreate.Contribution` of its own, not a transfer.

    Where the two sides are the same number (``received`` not given), they
    are linked: one uncertain quantity, in the range ``low`` to ``high``,
    moving together wherever :func:`cocreate.robustness` or
    :func:`cocreate.simulate` varies it.

    Parameters
    ----------
    giver
        Who gives: a stakeholder id or :class:`~cocreate.Stakeholder`.
    receiver
        Who receives; another stakeholder than ``giver``.
    resource
        What is given: a :class:`~cocreate.Resource` or its word.
    amount
        What giving it costs the giver, a finite number >= 0.
    received
        What the receiver gets out of it, a finite number (negative is a
        loss); ``None`` (the default) means ``amount``. They differ when the
        two sides value the same thing differently, or when a part is lost
        on the way (fees, handling).
    low, high
        The range the amount may lie in, given to both sides; ``None`` means
        the amount itself. With ``received`` different from ``amount``, the
        range is the contribution's only.
    link
        The link's name; by default one made of the giver, the receiver and
        the resource. Give another where two transfers between the same
        stakeholders are separate quantities.
    description
        Free text, given to both the contribution and the value.

    Returns
    -------
    tuple of Contribution and Value
        The contribution, and the value. The value's kind is
        ``ValueKind.REVENUE`` when the resource is ``Resource.CAPITAL``
        (money changes hands), and ``ValueKind.OTHER`` otherwise.

    Raises
    ------
    InvalidModelError
        If any argument is not valid, with every fault at once: the fields
        of the contribution under ``contribution.``, those of the value
        under ``value.``.

    Examples
    --------
    >>> from cocreate import Initiative, Resource, Stakeholder, net_value, transfer
    >>> shop = Stakeholder("shop", "firm")
    >>> buyers = Stakeholder("buyers", "customer")
    >>> paid, revenue = transfer(buyers, shop, Resource.CAPITAL, 30)
    >>> print(paid)
    buyers pays with capital to shop (cost 30)
    >>> paid.exchange, paid.link == revenue.link
    (True, True)
    >>> print(revenue)
    shop receives 30 (revenue) from buyers
    >>> goods = transfer(shop, buyers, "product", 20, received=45)
    >>> market = Initiative("Market", shop, [shop, buyers], [paid, goods[0]], [revenue, goods[1]])
    >>> net_value(market, "shop"), net_value(market, "buyers")
    (10.0, 15.0)
    """
    faults: list[Fault] = []
    contribution: Contribution | None = None
    value: Value | None = None
    linked = received is None or received == amount
    if linked and link is None:
        link = f"{_id(giver)} to {_id(receiver)}: {getattr(resource, 'value', resource)}"
    try:
        contribution = Contribution(
            giver,
            resource,
            target=receiver,
            cost=amount,
            description=description,
            low=low,
            high=high,
            exchange=True,
            link=link if linked else None,
        )
    except InvalidModelError as error:
        faults.extend(fault.under("contribution") for fault in error.faults)
    kind = ValueKind.REVENUE if _is_capital(resource) else ValueKind.OTHER
    try:
        value = Value(
            receiver,
            amount if received is None else received,
            provider=giver,
            kind=kind,
            description=description,
            low=low if linked else None,
            high=high if linked else None,
            link=link if linked else None,
        )
    except InvalidModelError as error:
        faults.extend(fault.under("value") for fault in error.faults)
    if contribution is None or value is None:
        raise InvalidModelError("transfer", faults)
    return contribution, value


def _id(who: object) -> object:
    return who.id if isinstance(who, Stakeholder) else who


def _is_capital(resource: object) -> bool:
    if isinstance(resource, str):
        try:
            return Resource(resource) is Resource.CAPITAL
        except ValueError:
            return False
    return resource is Resource.CAPITAL
