"""Tables that reflow on small screens (WCAG 2.2 1.4.10, reflow at 320 CSS pixels).

Below the tablet breakpoint the app's Sass shows each row of a `govuk-table` as a block and
each cell on its own line, labelled with its column's header from the cell's `data-label`
attribute (`.govuk-table` in frontend/sass/app.scss). The labels are written here, once, on
every HTML response: each body cell gets the text of the `<thead>` header above it (colspans
counted). Templates need not repeat their headers, and a table a new page adds reflows too."""

from __future__ import annotations

import html
import re

from flask import Flask
from markupsafe import escape

_TABLE = re.compile(r"(<table\b[^>]*\bclass=\"[^\"]*\bgovuk-table\b[^\"]*\"[^>]*>)(.*?)(</table>)",
                    re.DOTALL | re.IGNORECASE)
_THEAD = re.compile(r"<thead\b.*?</thead>", re.DOTALL | re.IGNORECASE)
_TBODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.DOTALL | re.IGNORECASE)
_HEADER = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.DOTALL | re.IGNORECASE)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<(td|th)\b([^>]*)>", re.IGNORECASE)
_COLSPAN = re.compile(r"\bcolspan=\"?(\d+)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _span(attrs: str) -> int:
    found = _COLSPAN.search(attrs)
    return max(1, int(found.group(1))) if found else 1


def _headers(thead: str) -> list[str]:
    labels: list[str] = []
    for attrs, content in _HEADER.findall(thead):
        text = " ".join(html.unescape(_TAG.sub(" ", content)).split())
        labels.extend([text] * _span(attrs))
    return labels


def _label_row(row: str, labels: list[str]) -> str:
    column = 0
    out, last = [], 0
    for cell in _CELL.finditer(row):
        tag, attrs = cell.group(1), cell.group(2)
        label = labels[column] if column < len(labels) else ""
        column += _span(attrs)
        out.append(row[last:cell.start()])
        if "data-label=" in attrs:
            out.append(cell.group(0))
        else:
            out.append(f'<{tag} data-label="{escape(label)}"{attrs}>')
        last = cell.end()
    out.append(row[last:])
    return "".join(out)


def _label_table(match: re.Match) -> str:
    opening, inner, closing = match.groups()
    thead = _THEAD.search(inner)
    if thead is None:
        return match.group(0)
    labels = _headers(thead.group(0))

    def body(part: re.Match) -> str:
        rows = _ROW.sub(lambda r: r.group(1) + _label_row(r.group(2), labels) + r.group(3), part.group(2))
        return part.group(1) + rows + part.group(3)

    return opening + _TBODY.sub(body, inner) + closing


def label_table_cells(page: str) -> str:
    """`page` with each body cell of every `govuk-table` labelled by its column's header."""
    if "govuk-table" not in page:
        return page
    return _TABLE.sub(_label_table, page)


def init_tables(app: Flask) -> None:
    @app.after_request
    def label_cells(response):
        if response.mimetype == "text/html" and not response.direct_passthrough and not response.is_streamed:
            page = response.get_data(as_text=True)
            labelled = label_table_cells(page)
            if labelled != page:
                response.set_data(labelled)
        return response
