"""What the search log keeps of a query: nothing that identifies a reader (issue 34; README "Search log").

Readers paste whole program messages, and with them their address, their server's name with their address
inside, now and then their password. Before a search or an opened result is written, these are replaced
by a mark:
- an e-mail address (anything with an @ between characters) by "[address]", and the part before its @
  wherever else it occurs (a host name or a folder holding it) by "[name]";
- a run of letters mixed with digits of 8 characters or more (passwords, tokens, ids) by "[hidden]", except
  a program's error code (0x800CCC0F) and a program with its year (outlook2016);
- a run of 7 digits or more (phone numbers, account and order numbers) by "[number]";
- the word after "password" in the four languages, when it holds a digit or a sign, by "[hidden]".
What is left is the words readers use, which is what editors need.
"""

from __future__ import annotations

import re

ADDRESS = re.compile(r"[^\s'\"<>()\[\],;:]+@[^\s'\"<>()\[\],;:]+")
WORD = re.compile(r"[^\s'\"<>()\[\],;:]+")
CODE = re.compile(r"0x[0-9a-f]{4,}|[a-z]+(?:19|20)\d\d", re.IGNORECASE)
PASSWORD_WORDS = ("password", "passwd", "parole", "paroli", "пароль", "пароля", "slaptažodis", "slaptažodį")


def masked(word: str) -> str:
    core = word.strip(".-_/'\"")
    if CODE.fullmatch(core):
        return word
    if len(core) >= 8 and re.search(r"\d", core) and re.search(r"[^\W\d]", core):
        return "[hidden]"
    if re.fullmatch(r"\+?\d{7,}", core):
        return "[number]"
    return word


def private_parts_removed(query: str) -> str:
    """`query` (as the log would keep it) without the addresses, names, numbers and secrets it holds."""
    if not query:
        return query
    local_parts = {m.group(0).rsplit("@", 1)[0] for m in ADDRESS.finditer(query)}
    text = ADDRESS.sub("[address]", query)
    for local in sorted((p for p in local_parts if len(p) >= 3), key=len, reverse=True):
        text = text.replace(local, "[name]")
    words = WORD.findall(text)
    after_password = {
        i + 1 for i, w in enumerate(words) if w.strip(".:").lower() in PASSWORD_WORDS and i + 1 < len(words)
    }
    out, position = [], 0
    for i, m in enumerate(WORD.finditer(text)):
        word = m.group(0)
        if i in after_password and re.search(r"[\d\W_]", word) and not word.startswith("["):
            replacement = "[hidden]"
        else:
            replacement = masked(word)
        out.append(text[position : m.start()] + replacement)
        position = m.end()
    out.append(text[position:])
    return "".join(out)
