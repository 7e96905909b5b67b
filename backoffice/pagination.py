"""GOV.UK pagination for the back-office's long lists (the triage queue, the EHE register): the page asked for and
the `govukPagination` parameters, with the list's filters kept in every link so paging works
with JavaScript off."""

from __future__ import annotations

from flask import request, url_for


def page_number() -> int:
    """The `page` query argument; anything that is not a whole number above 0 is page 1."""
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


def pagination(endpoint: str, args: dict[str, str], page: int, pages: int, label: str) -> dict | None:
    """govukPagination parameters: first, last, and the pages either side of this one (None for a
    single page). `args` are the filters to keep; page 1 has no `page` argument."""
    if pages <= 1:
        return None

    def href(n: int) -> str:
        return url_for(endpoint, **args, **({"page": n} if n > 1 else {}))

    items, last = [], 0
    for n in range(1, pages + 1):
        if n in (1, pages) or abs(n - page) <= 1:
            if last and n - last > 1:
                items.append({"ellipsis": True})
            items.append({"number": n, "href": href(n), "current": n == page})
            last = n
    params = {"items": items, "landmarkLabel": label}
    if page > 1:
        params["previous"] = {"href": href(page - 1)}
    if page < pages:
        params["next"] = {"href": href(page + 1)}
    return params

