"""The one way to read a whole number a client or an editor wrote: ASCII digits only, bounded.

Python's `str.isdigit()` is true for "²" and "②", which `int()` then refuses with an exception; `int()` itself
takes "٣" (an Arabic-Indic three), " 7 ", "+7" and "1_000". A number from outside is therefore read here and
nowhere else: what is not 1 to `digits` ASCII digits, or falls outside [low, high], is no number (None)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ASCII_DIGITS = re.compile(r"[0-9]+")


def whole_number(raw, low: int = 0, high: int = 2**31 - 1) -> int | None:
    """`raw` (a str, or None) as a whole number from `low` to `high`, or None. Leading zeros are allowed,
    but never more digits than `high` has (a million zeros is not read)."""
    if not isinstance(raw, str) or len(raw) > len(str(high)) or not ASCII_DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if low <= number <= high else None


class WholeNumberFormField(forms.IntegerField):
    """An admin form's whole number, read by `whole_number` (helpcenter/apps.py makes it the form field of
    every integer model field in Wagtail's admin forms): "٣" or "²" is an error, not 3 or a crash."""

    default_error_messages = {"invalid": _("Write a whole number with the digits 0–9.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = whole_number(str(value).strip())
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
