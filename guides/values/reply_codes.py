"""SMTP reply codes, as an outgoing server starts its reply with them and readers paste them.

A reply starts with a **basic code** (RFC 5321 section 4.2: three digits; the first, 2 to 5, says success or
a temporary or permanent failure; the second, 0 to 5, the category), usually followed by an **enhanced
status code** (RFC 3463: class.subject.detail, class 2, 4 or 5, subject and detail one to three digits)
whose class repeats the basic code's first digit (RFC 2034 section 4). The words after the codes are the
server's own. Written one way: "550 5.7.1", "550", "5.7.1".

Ports and the record's numbers are not reply codes (465 and 587 have a second digit over 5; 25 and 110 are
no three-digit codes of 2xx to 5xx), so the text rules may leave reply codes in prose alone.
"""

from __future__ import annotations

import re

BASIC = r"[2-5][0-5][0-9]"
ENHANCED = r"[245]\.[0-9]{1,3}\.[0-9]{1,3}"
# A whole code field or pasted word: basic, enhanced, or both (a space, or the hyphen of a multi-line reply).
REPLY_CODE_RE = re.compile(rf"(?:(?P<basic>{BASIC})(?:(?:\s+|-)(?P<enhanced>{ENHANCED}))?|(?P<alone>{ENHANCED}))")
# A reply as a server writes it: the code it starts with, then its words.
REPLY_START_RE = re.compile(rf"\s*(?P<code>{REPLY_CODE_RE.pattern})(?=\s|$)")
# Reply codes inside prose that the text rules leave alone: an enhanced code, with its basic code before it
# if there is one (a lone three-digit number is checked like any number: it might be a port or a rule).
REPLY_CODES_IN_TEXT = re.compile(rf"(?<![\w.])(?:{BASIC}[ -])?{ENHANCED}(?![\w]|\.[0-9])")


def split_reply_code(code: str) -> tuple[str, str] | None:
    """(basic, enhanced) of a code in any accepted form, either part possibly ""; None if it is no reply code
    (its form, whatever the classes)."""
    match = REPLY_CODE_RE.fullmatch((code or "").strip())
    if not match:
        return None
    enhanced = match.group("enhanced") or match.group("alone") or ""
    if enhanced:  # 5.07.001 -> 5.7.1
        enhanced = ".".join(str(int(part)) for part in enhanced.split("."))
    return match.group("basic") or "", enhanced


def classes_agree(basic: str, enhanced: str) -> bool:
    """RFC 2034: a 4xx reply carries a 4.x.x code, a 5xx a 5.x.x, a 2xx a 2.x.x."""
    return not (basic and enhanced) or basic[0] == enhanced[0]


def normal_reply_code(code: str) -> str:
    """ "550 5.7.1" for "550 5.7.1", " 550-5.7.1 ", "550   5.07.1"; "550"; "5.7.1"; "" for anything else
    (0x800CCC92, 650, 5.7, 465, a 4xx reply with a 5.x.x code)."""
    parts = split_reply_code(code)
    if parts is None or not classes_agree(*parts):
        return ""
    return " ".join(part for part in parts if part)


def reply_parts(reply: str) -> tuple[str, str]:
    """("550 5.7.1", "Relaying denied") for "550-5.7.1 Relaying denied"; ("", reply) when it starts with no
    reply code."""
    match = REPLY_START_RE.match(reply or "")
    code = normal_reply_code(match.group("code")) if match else ""
    return (code, reply[match.end() :].strip()) if code else ("", (reply or "").strip())


def is_reply_code(word: str) -> bool:
    """A word (or "550 5.7.1" as one) is an SMTP reply code: 550, 5.7.1, 550-5.7.1."""
    return bool(normal_reply_code(word))
