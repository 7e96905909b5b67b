"""The EHE associate visits budget: the financial year, a visit's cost, the budget position and
whether an allocation fits (shared/domain/ehe_budget.py)."""

from datetime import date
from decimal import Decimal

import pytest

from shared.domain.ehe_budget import (
    allocation_fits,
    budget_position,
    financial_year,
    financial_year_dates,
    financial_year_label,
    to_pence,
    visit_cost,
)

D = Decimal


@pytest.mark.parametrize(("on", "year"), [
    (date(2026, 4, 1), 2026),    # the first day
    (date(2027, 3, 31), 2026),   # the last day
    (date(2026, 3, 31), 2025),
    (date(2026, 12, 25), 2026),
    (date(2027, 1, 1), 2026),
    (date(2024, 2, 29), 2023),
])
def test_the_financial_year_runs_from_1_april_to_31_march(on, year):
    assert financial_year(on) == year


def test_the_financial_year_dates_and_label():
    assert financial_year_dates(2026) == (date(2026, 4, 1), date(2027, 3, 31))
    assert financial_year_label(2026) == "2026 to 2027"
    first, last = financial_year_dates(2026)
    assert financial_year(first) == financial_year(last) == 2026


def test_a_visit_costs_the_fee_plus_mileage_to_the_penny():
    assert visit_cost(D("120"), D("30"), D("0.45")) == D("133.50")
    assert visit_cost(D("120.00"), None, D("0.45")) == D("120.00")
    assert visit_cost(D("100"), D("12.3"), D("0.45")) == D("105.54")   # 5.535 rounds half up
    assert visit_cost(D("0"), D("0"), D("0")) == D("0.00")
    assert visit_cost(D("100"), D("1"), D("0.333")) == D("100.33")
    assert str(visit_cost(D("99.999"), D("0"), D("1"))) == "100.00"


@pytest.mark.parametrize(("fee", "miles", "rate"), [(D("-1"), D("0"), D("0.45")), (D("1"), D("-3"), D("0.45")),
                                                   (D("1"), D("3"), D("-0.45"))])
def test_negative_amounts_are_refused(fee, miles, rate):
    with pytest.raises(ValueError):
        visit_cost(fee, miles, rate)


def test_the_budget_position():
    position = budget_position(D("1000"), allocated=[D("133.50"), D("120")], completed=[D("200.25")])
    assert position.budget == D("1000.00")
    assert position.committed == D("253.50") and position.spent == D("200.25")
    assert position.remaining == D("546.25") and position.over_by == D("0.00")


def test_a_budget_cut_below_what_is_used_shows_how_far_over():
    position = budget_position(D("100"), allocated=[D("80")], completed=[D("50")])
    assert position.remaining == D("-30.00") and position.over_by == D("30.00")
    assert not allocation_fits(position, D("0.01"))


def test_no_budget_set_has_no_remaining_and_nothing_fits():
    position = budget_position(None, allocated=[], completed=[])
    assert position.budget is None and position.remaining is None and position.over_by == D("0.00")
    assert not allocation_fits(position, D("0"))


def test_an_allocation_fits_up_to_the_last_penny():
    position = budget_position(D("500"), allocated=[D("200")], completed=[D("166.50")])
    assert allocation_fits(position, D("133.50"))       # exactly the remaining
    assert not allocation_fits(position, D("133.51"))


def test_money_rounds_half_up():
    assert to_pence(D("0.005")) == D("0.01") and to_pence(D("2.675")) == D("2.68") and to_pence(3) == D("3.00")
