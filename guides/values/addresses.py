"""A reader's e-mail address: checked, split, and its domain shown as people write it."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _


class InvalidAddress(ValueError):
    """Not an e-mail address we can configure; the message says why, for the reader."""


class UnservedDomain(ValueError):
    """The reader's domain is not one the settings record serves."""


LOCAL_PART_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
DOMAIN_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


def split_address(address: str) -> tuple[str, str]:
    """(local part, lower-case ASCII domain) of an address, or InvalidAddress. A domain in another
    script (an IDN such as pasts.lv with diacritics) is turned into its ASCII form (xn--…), the one
    mail servers and the settings record use; the part before @ must be ASCII."""
    address = (address or "").strip()
    if not address:
        raise InvalidAddress(_("Enter your e-mail address."))
    if len(address) > 254:
        raise InvalidAddress(_("An e-mail address is at most 254 characters long."))
    if address.count("@") != 1:
        raise InvalidAddress(_("An e-mail address has exactly one @."))
    local, domain = address.split("@")
    invalid = InvalidAddress(_("“%(address)s” is not a valid e-mail address.") % {"address": address[:100]})
    if local and not local.isascii():
        raise InvalidAddress(
            _("The part of the address before @ can only have Latin letters (a–z), digits and signs such as . _ - +.")
        )
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise invalid from None
    domain = domain.lower()
    if not local or len(local) > 64 or not LOCAL_PART_RE.fullmatch(local) or not DOMAIN_RE.fullmatch(domain):
        raise invalid
    return local, domain


def display_domain(domain: str) -> str:
    """A domain as people write it: the ASCII form of an IDN (xn--…) back in its own letters."""
    try:
        return domain.encode("ascii").decode("idna")
    except UnicodeError:
        return domain
