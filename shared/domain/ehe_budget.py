"""The EHE associate visits budget (docs/ehe-associates.md). Pure.

EHE associates are sessional visitors the council pays per visit, a fee plus mileage, out of a
yearly elective home education budget. None of this is statute: the budget, the fee and the
mileage rate are the council's own; only the year is fixed by law.

- A council's financial year is the twelve months ending with 31 March (Local Government Act
  1972 s.270(1), "financial year"; central government's year in Interpretation Act 1978 Sch 1 is
  the same; check the wording). Which year a visit's cost falls in is our reading: the year of
  the planned date while allocated, the year of the visit once made (check with finance).
- Money is `Decimal`, rounded to the penny half up, never a float.
- A visit allocated and not yet made is *committed* at its estimated cost; a visit made is
  *spent* at its actual cost; a cancelled visit counts for nothing. What remains is the budget
  less both, and an allocation fits only if its estimate is no more than what remains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
YEAR_STARTS = (4, 1)  # 1 April


def to_pence(amount: Decimal | int | str) -> Decimal:
    """An amount of money rounded to the penny (half up)."""
    return Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)


def financial_year(on: date) -> int:
    """The financial year `on` falls in, named by the calendar year it starts in: 1 April 2026
    to 31 March 2027 is 2026 (Local Government Act 1972 s.270(1))."""
    return on.year if (on.month, on.day) >= YEAR_STARTS else on.year - 1


def financial_year_dates(year: int) -> tuple[date, date]:
    """The first and last day of financial year `year` (1 April to 31 March)."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def financial_year_label(year: int) -> str:
    """The year in words, the GOV.UK way: "2026 to 2027"."""
    return f"{year} to {year + 1}"


def visit_cost(fee: Decimal, miles: Decimal | None, rate_per_mile: Decimal) -> Decimal:
    """A visit's cost: the associate's fee plus the miles times the mileage rate, to the penny.
    No miles (None) counts as 0; a negative fee, rate or mileage is refused."""
    fee, rate = Decimal(fee), Decimal(rate_per_mile)
    miles = Decimal(miles) if miles is not None else Decimal(0)
    if fee < 0 or rate < 0 or miles < 0:
        raise ValueError("the fee, the mileage rate and the miles cannot be negative")
    return to_pence(fee + miles * rate)


@dataclass(frozen=True)
class BudgetPosition:
    """Where a year's budget stands. `budget` None means no budget has been set for the year."""

    budget: Decimal | None
    committed: Decimal
    spent: Decimal

    @property
    def used(self) -> Decimal:
        return self.committed + self.spent

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.used

    @property
    def over_by(self) -> Decimal:
        """How far committed and spent together are over the budget (0 when within it)."""
        if self.remaining is None or self.remaining >= 0:
            return Decimal("0.00")
        return -self.remaining


def budget_position(budget: Decimal | None, *, allocated: Iterable[Decimal], completed: Iterable[Decimal]
                    ) -> BudgetPosition:
    """The position of a year's budget from the estimated costs of the visits allocated and not
    yet made (committed) and the actual costs of the visits made (spent)."""
    return BudgetPosition(budget=None if budget is None else to_pence(budget),
                          committed=to_pence(sum((Decimal(c) for c in allocated), Decimal(0))),
                          spent=to_pence(sum((Decimal(c) for c in completed), Decimal(0))))


def allocation_fits(position: BudgetPosition, cost: Decimal) -> bool:
    """Would allocating a visit estimated at `cost` keep committed plus spent within the budget?
    Never when no budget is set for the year."""
    return position.budget is not None and position.used + to_pence(cost) <= position.budget
