"""`safe_next` follows only a path on this site, decided by parsing the target (not by its prefix)."""

import pytest

from shared.web.signin import safe_next

DEFAULT = "/home"

OFF_SITE_OR_BROKEN = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
    "https://evil.example", "http:evil.example", "HTTPS://evil.example/x", "javascript:alert(1)",
    "JavaScript:alert(1)", "data:text/html,hi", "evil.example", "cases/1",
    "/%09/evil.example", "/\t/evil.example", "/\n/evil.example", "/%0a/evil.example", "/%0d%0a/x",
    "/%0D/evil.example", "/%00/evil.example", "/\x00x", "/%20/evil.example", "/ /evil.example",
    "/%5c/evil.example", "/%5C%5Cevil.example", "/%2f/evil.example", "/%2F%2Fevil.example",
    "/%252f%252fevil.example", "/%25%30%39/evil.example", " /cases", "/cases\n", "/cases\r\nSet-Cookie: x=1",
    "/%e2%80%83/evil.example", "/\u2028/x", "/\x7f/x", "%2F%2Fevil.example", "/cases?x=%0a",
]


@pytest.mark.parametrize("target", OFF_SITE_OR_BROKEN)
def test_anything_but_a_plain_local_path_goes_to_the_default(target):
    assert safe_next(target, DEFAULT) == DEFAULT


@pytest.mark.parametrize("target", ["/cases", "/cases/8c1f?tab=letters", "/staff/triage?kind=ehc&page=2",
                                    "/cases/1#key-dates", "/search?q=a%20b", "/cases/a%2Fb"])
def test_a_local_path_is_followed(target):
    assert safe_next(target, DEFAULT) == target


@pytest.mark.parametrize("target", [None, ""])
def test_no_target_goes_to_the_default(target):
    assert safe_next(target, DEFAULT) == DEFAULT
