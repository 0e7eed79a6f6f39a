"""Endpoints mail programs call: Thunderbird autoconfig, Outlook Autodiscover, Apple profiles.

Each answers from the same MailValues as the pages, so a published change reaches them at once.
Bad input gets a clear 4xx (or an Autodiscover error document), never a 500.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlencode

import segno
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page

from helpcenter.numbers import whole_number
from helpcenter.page_cache.middleware import refused_with

from ..models import GuidePage, HelpIndexPage, ServerSettings
from ..values import InvalidAddress, MailValues, UnservedDomain, display_domain, split_address
from . import signing
from .formats import apple, autodiscover, thunderbird

XML = "application/xml; charset=utf-8"


def raw_query_value(request, name) -> str | None:
    """A query parameter with a `+` kept as `+`: clients paste the address into the URL unencoded
    (anna+news@inbox.lv), and form decoding would turn it into a space, which no address contains.
    Percent-escapes are decoded as usual (%2B is a plus too)."""
    for part in request.META.get("QUERY_STRING", "").split("&"):
        key, _sep, value = part.partition("=")
        if unquote(key) == name:
            return unquote(value)
    return None


def plain_error(message, status=400):
    return HttpResponse(f"{message}\n", status=status, content_type="text/plain; charset=utf-8")


def too_many_requests(request):
    """What a mail program gets over its address's render budget (made 429 by the budget)."""
    return plain_error(_("Too many requests came from your network address. Please try again in a minute."))


def autodiscover_too_many_requests(request):
    """Outlook's answer over the render budget: an Autodiscover error document (603: the server's own
    error), sent with 429 and Retry-After, so Outlook reads it as "not now", not as a wrong address."""
    error = autodiscover.AutodiscoverError(603, "The server is busy. Please try again in a minute.")
    return HttpResponse(autodiscover.error_response(error), content_type=XML)


def help_index_for(domain: str | None) -> HelpIndexPage | None:
    """The live help center whose settings record serves `domain` (the first one without a domain)."""
    indexes = HelpIndexPage.objects.live().select_related("server_settings").order_by("path")
    for index in indexes:
        if domain is None or domain in index.server_settings.domain_list:
            return index
    return None


def values_for(address: str | None) -> tuple[MailValues, HelpIndexPage]:
    """MailValues for an address (validated) or, without one, for the primary domain. A program sends the
    address alone: white space around it is refused, not trimmed (a reader's form trims; a program's
    request with a stray newline is a bug to report, not to guess at)."""
    if address is not None and address != address.strip():
        raise InvalidAddress(_("The e-mail address has spaces or line breaks around it; send the address alone."))
    domain = split_address(address)[1] if address is not None else None
    index = help_index_for(domain)
    if index is None:
        if not ServerSettings.objects.exists():
            raise LookupError("no settings record")
        raise UnservedDomain(domain)
    return MailValues(index.server_settings, address=address), index


def unserved_message(domain):
    return _("We do not provide mail for “%(domain)s”; these settings are for our own addresses only.") % {
        "domain": display_domain(str(domain))
    }


def page_link(request, page) -> thunderbird.Link | None:
    """A link to `page` if readers may open it (live, no view restriction on it or above it): its URL in
    the language the client asked for (Accept-Language, read by LocaleMiddleware; else the primary
    language) and its title in every language."""
    if page is None or not Page.objects.live().public().filter(pk=page.pk).exists():
        return None
    url = request.build_absolute_uri(page.get_url(request))
    descriptions = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            descriptions[code] = page.title
    return thunderbird.Link(url, descriptions)


@refused_with(too_many_requests)
@require_GET
def thunderbird_autoconfig(request):
    address = raw_query_value(request, "emailaddress")
    try:
        values, index = values_for(address if address is not None else None)
    except InvalidAddress as exc:
        return plain_error(exc)
    except UnservedDomain as exc:
        return plain_error(unserved_message(exc), status=404)
    except LookupError:
        return plain_error(_("The mail settings are not set up yet."), status=503)
    guide = GuidePage.objects.live().public().child_of(index).filter(program_kind="thunderbird").first()
    documentation = page_link(request, guide) or page_link(request, index)
    enable = page_link(request, index.access_page) if index.access_page_id else None
    if enable:
        enable = thunderbird.Link(enable.url, _instructions())
    if address is None:
        values = MailValues.for_mail_program(
            index.server_settings, domain="%EMAILDOMAIN%", address="%EMAILADDRESS%", local_part="%EMAILLOCALPART%"
        )
    body = thunderbird.client_config(values, documentation, enable)
    response = HttpResponse(body, content_type=XML)
    if address:
        response["Cache-Control"] = "no-store"
    # Without an address the file is public, but its links are in the client's language: it varies by
    # Accept-Language (LocaleMiddleware says so), which keeps it out of the page cache.
    return response


def _instructions() -> dict[str, str]:
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = _(
                "Allow external POP3/IMAP and SMTP access in your mailbox settings, then use the generated "
                "password shown there."
            )
    return texts


@refused_with(autodiscover_too_many_requests)
@csrf_exempt
@require_http_methods(["POST"])
def outlook_autodiscover(request):
    try:
        address = autodiscover.parse_request(autodiscover_body(request))
        try:
            values, _index = values_for(address)
        except InvalidAddress as exc:
            with translation.override("en"):  # every Autodiscover message is English, whoever asks
                message = f"Invalid Request: {exc}"
            raise autodiscover.AutodiscoverError(600, message) from None
        except (UnservedDomain, LookupError):
            raise autodiscover.AutodiscoverError(500, "The e-mail address cannot be found.") from None
        body = autodiscover.settings_response(values)
    except autodiscover.AutodiscoverError as error:  # HTTP 200: see guides/mail/formats/autodiscover.py
        body = autodiscover.error_response(error)
    response = HttpResponse(body, content_type=XML)
    response["Cache-Control"] = "no-store"
    return response


def autodiscover_body(request) -> bytes:
    """The request body, refused with the Autodiscover error (not Django's HTML page) when it is too big:
    by its declared length before anything is read, or by what was read."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if whole_number(declared, 0, autodiscover.MAX_REQUEST_BYTES) is None:  # too big, or no number we read
        raise autodiscover.AutodiscoverError(600, autodiscover.TOO_LARGE)
    try:
        return request.body
    except RequestDataTooBig:
        raise autodiscover.AutodiscoverError(600, autodiscover.TOO_LARGE) from None


def clean_name(raw: str) -> str:
    """The sender name as typed, without control characters and with single spaces."""
    return " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in raw).split())


def profile_request(request):
    """(MailValues, protocol, sender name) of a profile request, or the 4xx response that explains what
    is wrong."""
    address = raw_query_value(request, "emailaddress") or ""
    protocol = request.GET.get("protocol", "imap")
    name = clean_name(request.GET.get("name", ""))
    if protocol not in apple.ACCOUNT_TYPES:
        return None, plain_error(_("The protocol must be imap or pop3."))
    if len(name) > apple.MAX_NAME_LENGTH:
        return None, plain_error(
            _("Your name can be at most %(count)s characters long.") % {"count": apple.MAX_NAME_LENGTH}
        )
    try:
        values, _index = values_for(address)
    except InvalidAddress as exc:
        return None, plain_error(exc)
    except UnservedDomain as exc:
        return None, plain_error(unserved_message(exc))
    except LookupError:
        return None, plain_error(_("The mail settings are not set up yet."), status=503)
    return (values, protocol, name), None


@refused_with(too_many_requests)
@require_GET
def apple_profile(request):
    found, error = profile_request(request)
    if error:
        return error
    values, protocol, name = found
    texts = {
        "account": _("%(name)s mail (%(address)s)") % {"name": values.provider_name, "address": values.address},
        "profile": _("%(name)s mail settings") % {"name": values.provider_name},
        "description": _("Sets up %(address)s in Mail. Enter the generated password when asked.")
        % {"address": values.address},
    }
    prefix = ".".join(reversed(values.domains[0].split("."))) + ".mail"
    body = signing.signed(apple.profile(values, protocol, prefix, texts, name=name))
    response = HttpResponse(body, content_type="application/x-apple-aspen-config")
    response["Content-Disposition"] = f'attachment; filename="{apple.filename(values.address)}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def apple_profile_qr(request):
    """A page with a QR code of the profile's address, for readers on a computer to scan with the iPhone."""
    found, error = profile_request(request)
    if error:
        return error
    values, protocol, name = found
    query = urlencode({"emailaddress": values.address, "protocol": protocol, **({"name": name} if name else {})})
    profile_url = request.build_absolute_uri(f"{reverse('apple-profile')}?{query}")
    qr = segno.make(profile_url, error="m").svg_inline(
        scale=5, title=_("QR code of the link to your configuration profile")
    )
    response = render(
        request,
        "guides/profile_qr.html",
        {"qr_svg": qr, "profile_url": profile_url, "address": values.address},
    )
    response["Cache-Control"] = "no-store"
    return response
