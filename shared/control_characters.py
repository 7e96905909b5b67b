"""Control characters in text from a browser: none belongs in an answer or a search.

C0 control characters other than tab, line feed and carriage return, and DEL. Nothing typed
into a web page holds them, and PostgreSQL cannot store or compare a NUL in text at all, so a
NUL that reached a query used to end in a 500. Forms refuse them as a field error
(`shared.forms.GovForm`); a search term simply loses them (`without_control_characters`).
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
