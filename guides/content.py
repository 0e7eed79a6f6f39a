"""Reading the shipped content (content/*.toml) into the models.

A translated value in a file is either a table {lv = ..., en = ...} or a plain string, which
is stored as the Latvian source and shown in every language through the fallback.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

CONTENT_DIR = Path(settings.BASE_DIR) / "content"
LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)


class ContentError(Exception):
    pass


def read(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path}: {exc}") from exc


def set_translated(obj, field: str, value) -> None:
    """Store a per-language table (or a plain source string) on `obj`'s translation columns."""
    if value is None:
        return
    per_language = value if isinstance(value, dict) else {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: value}
    unknown = set(per_language) - set(LANGUAGES)
    if unknown:
        raise ContentError(f"unknown language(s) {sorted(unknown)} for {field!r}")
    for lang in LANGUAGES:
        text = per_language.get(lang)
        setattr(obj, build_localized_fieldname(field, lang), text.strip() if isinstance(text, str) else None)


def set_slug(page, slug) -> None:
    per_language = slug if isinstance(slug, dict) else {lang: slug for lang in LANGUAGES}
    page.slug = per_language[settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
    for lang in LANGUAGES:
        setattr(page, build_localized_fieldname("slug", lang), per_language.get(lang) or page.slug)


@dataclass
class GuideSource:
    path: Path
    data: dict

    @property
    def slug(self) -> str:
        slug = self.data["slug"]
        return slug if isinstance(slug, str) else slug[settings.MODELTRANSLATION_DEFAULT_LANGUAGE]


def guide_sources() -> list[GuideSource]:
    return [GuideSource(p, read(p)) for p in sorted((CONTENT_DIR / "guides").glob("*.toml"))]


def record_fields(data: dict) -> dict:
    """Model field values of the server-settings record from content/settings.toml."""
    fields = {
        "name": data["name"],
        "domains": "\n".join(data["domains"]),
        "username_form": data.get("username_form", "address"),
        "authentication": data.get("authentication", "password"),
        "smtp_auth_required": data.get("smtp_auth_required", True),
        "closed_ports": ", ".join(str(p) for p in data.get("closed_ports", [])),
        "access_url": data["access_url"],
        **data["rules"],
    }
    for proto in ("imap", "pop3", "smtp"):
        for key, value in data[proto].items():
            fields[f"{proto}_{key}"] = value
    return fields
