"""Every body cell of a GOV.UK table is labelled with its column's header, so the table can
reflow on a small screen (shared/web/tables.py; WCAG 1.4.10)."""

from shared.web.tables import label_table_cells

TABLE = """<table class="govuk-table"><caption class="govuk-table__caption">Cases</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">
  <th scope="col" class="govuk-table__header">Child &amp; family</th>
  <th scope="col" class="govuk-table__header" colspan="2">Dates</th>
  <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
</tr></thead>
<tbody class="govuk-table__body">
  <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Lily</th>
    <td class="govuk-table__cell">1 May</td><td class="govuk-table__cell">2 May</td>
    <td class="govuk-table__cell"><a href="/x">Open</a></td></tr>
  <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="3">Nothing</td>
    <td class="govuk-table__cell" data-label="Kept">x</td></tr>
</tbody></table>"""


def test_each_body_cell_gets_its_columns_header():
    page = label_table_cells(f"<main>{TABLE}</main>")
    assert '<th data-label="Child &amp; family" scope="row"' in page
    assert page.count('<td data-label="Dates"') == 2
    assert '<td data-label="Actions" class="govuk-table__cell"><a href="/x">' in page
    assert '<td data-label="Child &amp; family" class="govuk-table__cell" colspan="3">Nothing' in page
    assert 'data-label="Kept"' in page and 'data-label="Actions" class="govuk-table__cell" data-label' not in page
    assert '<th scope="col" class="govuk-table__header">Child &amp; family</th>' in page  # headers untouched


def test_pages_without_tables_are_unchanged():
    page = "<main><table><tr><td>layout</td></tr></table><p>text</p></main>"
    assert label_table_cells(page) == page
