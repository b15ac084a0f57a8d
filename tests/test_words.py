"""Words and views people read: plural verbs, counts, one number format, views for every result."""

from __future__ import annotations

import pickle
import re
from typing import TYPE_CHECKING

import pytest

import cocreate
from cocreate import (
    Contribution,
    Defections,
    Initiative,
    Resource,
    Role,
    Rules,
    Stakeholder,
    Value,
    balance,
    check_win_win_win,
    classify,
    compare,
    defections,
    explain,
    explain_stability,
    ledger,
    robustness,
    simulate,
    to_html,
    without,
)
from cocreate._model.text import all_of, install_hint, many, natural, needs_extra
from cocreate.examples import my_starbucks_idea, nike_plus

if TYPE_CHECKING:
    from collections.abc import Callable


def _headers(page: str) -> list[str]:
    return re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", page)


def _segments(count: int, *, losing: frozenset[int] = frozenset()) -> Initiative:
    """Acme and ``count`` customer segments numbered from 1; the ``losing`` ones lose."""
    people = [Stakeholder("acme", Role.FIRM, name="Acme")]
    people += [
        Stakeholder(f"s{i}", Role.CUSTOMER, name=f"Customer segment {i}", customer_of=["acme"])
        for i in range(1, count + 1)
    ]
    return Initiative(
        "Segments",
        "acme",
        people,
        [Contribution(f"s{i}", Resource.FEEDBACK, cost=1) for i in range(1, count + 1)],
        [
            Value("acme", 10),
            *(Value(f"s{i}", 0 if i in losing else 2) for i in range(1, count + 1)),
        ],
    )


class TestMany:
    def test_the_rule(self) -> None:
        """Segments, crowds and plural-looking people read as many; organizations as one."""
        assert many(Stakeholder("buyers", Role.CUSTOMER))
        assert many(Stakeholder("Team", Role.EMPLOYEE, size=4))
        assert many(Stakeholder("x", Role.CUSTOMER, group="crowd"))
        assert not many(Stakeholder("Starbucks", Role.FIRM))
        assert not many(Stakeholder("Siemens", Role.SUPPLIER))
        assert not many(Stakeholder("Alice", Role.CUSTOMER))
        assert not many(Stakeholder("the press", Role.CUSTOMER))
        assert not many(Stakeholder("campus", Role.CUSTOMER))

    def test_plural_names_take_plural_verbs(self) -> None:
        """'customers' give only feedback; 'buyers' receive value without giving."""
        failed = classify(my_starbucks_idea()).failed(cocreate.Kind.CO_CREATION)[0]
        assert "'customers' give only" in failed.evidence
        people = [
            Stakeholder("acme", Role.FIRM),
            Stakeholder("buyers", Role.CUSTOMER, customer_of=["acme"]),
        ]
        shop = Initiative(
            "Shop",
            "acme",
            people,
            [Contribution("acme", Resource.PRODUCT, cost=1)],
            [Value("acme", 2), Value("buyers", 1)],
        )
        said = " ".join(balance(shop).sentences)
        assert "'buyers' receive value without giving" in said
        assert "'buyers' receives" not in said

    def test_a_firm_keeps_singular_verbs(self) -> None:
        """A firm whose name ends in s is still one: 'Starbucks' bears, not bear."""
        said = balance(my_starbucks_idea()).sentences
        assert any("'Starbucks' bears the most" in s for s in said)

    def test_defection_of_a_crowd_says_them(self) -> None:
        """Without 'runners' ... without them, not without it."""
        runners = defections(nike_plus())[1]
        assert "without them" in runners.sentences[0]
        assert "without it," in defections(nike_plus())[0].sentences[0]


class TestCounts:
    def test_all_of(self) -> None:
        """One, both, all N: never 'all 2'."""
        assert all_of(1, "co-creator") == "the one co-creator"
        assert all_of(2, "co-creator") == "both co-creators"
        assert all_of(3, "party") == "all 3 parties"

    def test_two_co_creators_both_win(self) -> None:
        """Nike+'s two co-creators: 'both co-creators win'."""
        text = " ".join(c.evidence for c in classify(nike_plus()).criteria)
        assert "both co-creators win" in text
        assert "all 2" not in text

    def test_profile_counts(self) -> None:
        """The profile's outcome row never says 'all 2 participants'."""
        reasons = " ".join(row.reason for row in cocreate.profile(my_starbucks_idea()).rows)
        assert "all 2" not in reasons
        assert "both participants" in reasons

    def test_no_echo_of_the_role(self) -> None:
        """A customer called 'customers' is not listed as "customers: 'customers'"."""
        text = " ".join(c.evidence for c in classify(my_starbucks_idea()).criteria)
        assert "customers: 'customers'" not in text
        assert "'customers' have the role customer" in text


class TestNumbers:
    def test_spreads_are_percentages(self) -> None:
        """Stability, robustness and simulation views show a spread as ±x%, never 0.333333."""
        nike = nike_plus()
        pages = [
            to_html(explain_stability(nike)),
            to_html(robustness(nike, spread=0.4)),
            to_html(simulate(nike, n=50, seed=1, spread=0.4)),
        ]
        for page in pages:
            assert "0.333333" not in page
            assert "Spread: 0." not in page
        assert "±33.3%" in pages[0]
        assert "±40%" in pages[1]
        assert "±40%" in pages[2]


class TestInstallHint:
    def test_one_message_for_every_extra(self) -> None:
        """The message names the extra and works from a clone too."""
        hint = install_hint("plot")
        assert 'pip install "cocreate[plot]"' in hint
        assert 'pip install -e ".[plot]"' in hint
        message = needs_extra("cocreate.plot", "matplotlib", "plot")
        assert message.startswith("cocreate.plot needs matplotlib")
        assert message.endswith(hint)

    @pytest.mark.parametrize(
        ("module", "call"),
        [
            ("pandas", lambda: cocreate.to_pandas(ledger(nike_plus()))),
            ("matplotlib", lambda: cocreate.plot_svg(nike_plus())),
        ],
    )
    def test_a_missing_extra_says_how_to_install_it(
        self, monkeypatch: pytest.MonkeyPatch, module: str, call: Callable[[], object]
    ) -> None:
        """Without the package, the error names the extra, for a package and for a clone."""
        import sys

        for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, module, None)
        with pytest.raises(ImportError) as caught:
            call()
        extra = "pandas" if module == "pandas" else "plot"
        assert str(caught.value).endswith(install_hint(extra))

    def test_every_missing_extra_uses_it(self) -> None:
        """No module spells its own install command: each goes through needs_extra."""
        from pathlib import Path

        source = Path(cocreate.__file__).parent
        for path in source.rglob("*.py"):
            if path.name == "text.py":
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if "pip install" in line and "msg" in line:
                    pytest.fail(f"{path.name} builds its own install message: {line.strip()}")


class TestDefections:
    def test_a_tuple_with_words(self) -> None:
        """Defections is a tuple: equal to the plain tuple, indexed, unpacked, pickled."""
        found = defections(nike_plus())
        assert isinstance(found, Defections)
        assert isinstance(found, tuple)
        assert found == tuple(found)
        apple, _runners = found
        assert apple.name == "Apple"
        assert pickle.loads(pickle.dumps(found)) == found  # noqa: S301 - our own bytes
        assert defections(cocreate.examples.cross_team_project()) == ()

    def test_readable_str_and_repr(self) -> None:
        """repr names who leaves and the kind without each; str has each one's sentences."""
        found = defections(nike_plus())
        assert repr(found) == (
            "Defections('Nike+': without 'Apple' collaboration, without 'runners' collaboration)"
        )
        assert "Comparison(" not in repr(found)
        assert str(found).startswith("Co-creation depends on 'Apple'")
        assert explain(found) == found.sentences
        empty = defections(cocreate.examples.cross_team_project())
        assert repr(empty) == "Defections()"
        assert str(empty) == "There is no external contributor to leave."

    def test_a_view(self) -> None:
        """The notebook view is a table, a row per defection, with names and headers."""
        page = defections(nike_plus())._repr_html_()
        assert page == to_html(defections(nike_plus()))
        assert "Apple" in page
        assert "runners" in page
        assert all(_headers(page))
        assert to_html(tuple(defections(nike_plus())))  # a plain tuple still shows

    def test_heading_uses_the_name(self) -> None:
        """A defection's view is headed by the stakeholder's name, not its id."""
        page = defections(nike_plus())[0]._repr_html_()
        assert "Without Apple:" in page
        assert "Without apple:" not in page


class TestViews:
    def test_rules_has_a_view(self) -> None:
        """Rules() shows a table of its settings, and reads as sentences."""
        page = Rules(win_threshold=2)._repr_html_()
        assert page == to_html(Rules(win_threshold=2))
        assert _headers(page)[:3] == ["setting", "value", "meaning"]
        assert "A stakeholder wins with a net value above 2." in page
        assert str(Rules()).startswith("A stakeholder wins with a net value above 0.")
        assert repr(Rules()).startswith("Rules(")

    def test_win_check_has_a_view(self) -> None:
        """check_win_win_win(...) shows its parties in a table."""
        check = check_win_win_win(nike_plus())
        page = check._repr_html_()
        assert page == to_html(check)
        assert "win-win-win" in page
        assert "runners" in page

    def test_compare_checks_use_the_criterion_words(self) -> None:
        """The Checks table says 'every co-creator wins', not 'co_creators_win'."""
        nike = nike_plus()
        page = to_html(compare(nike, without(nike, "apple")))
        assert "every co-creator wins" in page
        assert "three_parties" not in page
        assert "co_creators_win" not in page

    @pytest.mark.parametrize(
        "make",
        [
            lambda: balance(nike_plus()),
            lambda: balance(my_starbucks_idea()),
            lambda: classify(nike_plus()),
            lambda: ledger(nike_plus()),
            lambda: defections(nike_plus()),
            lambda: robustness(nike_plus(), spread=0.4),
            Rules,
        ],
    )
    def test_no_empty_header(self, make: object) -> None:
        """No table of a view has a column without a header."""
        page = to_html(make())  # type: ignore[operator]
        headers = _headers(page)
        assert headers
        assert all(h.strip() for h in headers)

    def test_balance_has_no_blank_cells(self) -> None:
        """A missing ratio or note shows a dash, not an empty cell under a header."""
        page = to_html(balance(my_starbucks_idea()))
        assert '<td class="cc-num"></td>' not in page
        assert '<td class="cc-txt"></td>' not in page


class TestOrder:
    def test_natural(self) -> None:
        """'segment 3' comes before 'segment 29', and case does not matter."""
        names = ["Customer segment 29", "customer segment 3", "Customer segment 33"]
        assert sorted(names, key=natural) == [names[1], names[0], names[2]]

    def test_ledger_view_sorts_naturally(self) -> None:
        """The ledger's rows go 3, 29, 33, not 29, 3, 33."""
        page = to_html(ledger(_segments(33)))
        at = [page.index(f"Customer segment {n} <") for n in (3, 29, 33)]
        assert at == sorted(at)

    def test_losers_are_never_cut(self) -> None:
        """With a row limit, every loser is shown, first; only winners are cut."""
        initiative = _segments(80, losing=frozenset({61, 79}))
        for page in (
            to_html(ledger(initiative), max_rows=10),
            to_html(initiative, max_rows=10),
            to_html(balance(initiative), max_rows=10),
        ):
            assert "Customer segment 61 <" in page
            assert "Customer segment 79 <" in page
            assert "more stakeholders" in page
        page = to_html(ledger(initiative), max_rows=10)
        assert page.index("Customer segment 61 <") < page.index("Acme <")

    def test_robustness_never_cuts_who_may_lose(self) -> None:
        """The ranges table shows everyone who may lose, however long it is."""
        initiative = _segments(80, losing=frozenset({61, 79}))
        page = to_html(robustness(initiative, spread=0.1), max_rows=5)
        assert "Customer segment 61 <" in page
        assert "Customer segment 79 <" in page


class TestColours:
    def test_cannot_lose_is_not_red(self) -> None:
        """A stakeholder that always wins is said so in green; red is only for losing."""
        page = to_html(robustness(nike_plus(), spread=0.1))
        assert '<span class="cc-yes">always wins</span>' in page
        assert "cannot lose" not in page
        assert 'class="cc-no"' not in page

    def test_always_loses_is_red(self) -> None:
        """A stakeholder that loses whatever the amounts is marked in red."""
        page = to_html(robustness(_segments(3, losing=frozenset({2})), spread=0.1))
        assert '<span class="cc-no">always loses</span>' in page

    def test_profile_misfit_is_not_red(self) -> None:
        """Not fitting a column of the comparison table is no fault: no red cross."""
        page = to_html(cocreate.profile(nike_plus()))
        assert 'class="cc-no"' not in page


class TestFairSplitWords:
    def test_a_crowd_creates_and_captures(self) -> None:
        """'runners' create ... and capture ... than their fair share."""
        said = " ".join(cocreate.fair_split(nike_plus()).sentences)
        assert "'runners' create " in said
        assert "than their fair share" in said
        assert "'Apple' creates " in said


class TestBalanceVocabulary:
    def test_the_count_says_it_is_a_count(self) -> None:
        """A balance names its count of contributions as the ledger does."""
        entry = balance(nike_plus())["nike"].to_dict()
        assert entry["contribution_count"] == 2
        assert "contributions" not in entry
        assert ">contribution count</th>" in to_html(balance(nike_plus()))


class TestNaturalWords:
    def test_sentences_list_names_as_people_count(self) -> None:
        """Criteria list 'Customer segment 3' before 'Customer segment 29' before 33."""
        text = " ".join(
            c.evidence for c in classify(_segments(33, losing=frozenset({3, 29, 33}))).criteria
        )
        at = [text.index(f"'Customer segment {n}'") for n in (3, 29, 33)]
        assert at == sorted(at)


class TestDefectionView:
    def test_says_each_thing_once(self) -> None:
        """A defection's view does not repeat the comparison's verdict under its own."""
        page = defections(nike_plus())[0]._repr_html_()
        body = page.split('<div class="cc-wrap"', 1)[1]
        assert body.count("would be collaboration") == 1
        assert "changes from co-creation to collaboration" not in body


class TestDocsPrintWhatPrints:
    def test_how_sure_shows_real_lines(self) -> None:
        """how-sure.md's outputs match line for line, without normalizing whitespace."""
        import doctest
        from pathlib import Path

        page = Path(__file__).parents[1] / "docs" / "how-sure.md"
        text = page.read_text(encoding="utf-8")
        test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        result = runner.run(test, out=lambda _text: None)
        assert result.failed == 0
