"""The page checks themselves: escaped markup in what the reader sees fails the page."""

import pytest

from tests.page_checks import check_page

CSP = "script-src 'nonce-abc'"


def _page(body: str) -> str:
    return f"<html><head><title>Sent - Service</title></head><body><h1>Sent</h1>{body}</body></html>"


@pytest.mark.parametrize("body", [
    "<div>Your reference number&lt;br&gt;&lt;strong&gt;EHC-1&lt;/strong&gt;</div>",
    "<p>Read &lt;a href=\"/x\"&gt;the letter&lt;/a&gt;</p>",
    "<div>&lt;p class=\"govuk-body\"&gt;Hello&lt;/p&gt;</div>",
])
def test_escaped_markup_in_the_text_fails_the_page(body):
    with pytest.raises(AssertionError, match="markup shows as text"):
        check_page(_page(body), CSP)


@pytest.mark.parametrize("body", [
    "<div>Your reference number<br><strong>EHC-1</strong></div>",
    "<p>3 &lt; 4 and a &lt;= b</p>",  # a less-than sign is not a tag
    "<textarea name=\"t\">I typed &lt;br&gt; myself</textarea>",  # the person's own typing
])
def test_real_markup_and_plain_text_pass(body):
    check_page(_page(body), CSP)
