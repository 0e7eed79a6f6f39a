"""How search reads a language's text: its words as terms (folded, then stemmed), what a term of a query is
worth, and where a text's words stand, for marks.

The same analysis reads the pages when they are indexed and the query when it is searched, so a word
finds its other forms: Snowball stems for English, Russian and Lithuanian, and for Latvian (which Snowball
lacks) the word without its inflectional ending. Codes (0x800CCC0F, SMTP replies such as 550 and 5.7.1),
numbers and host names are terms as they are written. Words that carry no meaning of their own in a
question ("the", "kā", "как", "kaip") are left out of queries, never out of the pages: a query of only
such words finds nothing.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

from guides.models import is_reply_code as reply_code
from guides.models import normal_code

from .folding import fold, fold_with_positions

STEMMERS = {"en": "english", "ru": "russian", "lt": "lithuanian"}
# Latvian inflectional endings, longest first (folded: no diacritics), and the least a stem keeps.
LATVIAN_ENDINGS = tuple(
    sorted(
        (
            "iem ajam ajai ajos ajas ajiem ejam ejai ejas ejos am em im um os us is as es ai ei "
            "at et it ot ut u a e i s o"
        ).split(),
        key=len,
        reverse=True,
    )
)
MIN_STEM = 3
PROTOCOL_VERSIONS = {"pop3": "pop", "imap4": "imap", "imap4rev1": "imap"}
NEGATIONS = {"lv": "ne", "lt": "ne", "ru": "не"}

# A token: an Outlook code, a dotted number (an SMTP enhanced code, a version), a program's symbol
# (IXP_E_FAILED_TO_CONNECT), an address, a host, a word.
TOKEN = re.compile(
    r"0x[0-9a-f]{8}"
    r"|\d+(?:\.\d+)+"
    r"|[^\W_]+(?:_[^\W_]+)+"
    r"|[^\W_]+(?:[.@-][^\W_]+)*@[^\W_]+(?:[.-][^\W_]+)+"
    r"|[^\W_]+(?:[.-][^\W_]+)*\.[^\W\d_]{2,}(?![\w.])"
    r"|[^\W_]+n['’]t(?!\w)"
    r"|[^\W_]+"
)
HOSTLIKE = re.compile(r"[^\W_]+(?:[.-][^\W_]+)*\.[^\W\d_]{2,}")
ADDRESS = re.compile(r".+@.+")

# Words a question is built of that say nothing of its subject, folded. Kept short on purpose: a word that
# names a thing (mail, server, password, send) is never here, only the grammar around it.
STOPWORDS = {
    "en": set(
        "a an the and or of to in on at for from with by is are was were be been am i me my you your it its "
        "this that these those do does did how what why when where which who can could would should will "
        "there here as so if but not no any some all into about please help".split()
    ),
    "lv": set(
        "un vai ir bija ar uz no par pie pec kad ka kā kur kas ko kam kapec kāpēc ja bet lai tas ta tā to tie "
        "es man mans mana jus jūs jums jusu jūsu vins viņš vina viņa ari arī tad tik ir jau vel vēl sis šis si "
        "šī so šo lūdzu ludzu kads kāds kada kāda kadu kadi kadas kadel cik".split()
    ),
    "ru": set(
        "и или в во на с со к ко о об от по за из у для как что почему когда где какой какая какие это этот "
        "эта эти то та те я мне мой моя мои вы вам ваш ваша ваши он она оно они ли же бы а но да уже ещё еще "
        "есть был была было были пожалуйста какое какую каким сколько зачем".split()
    ),
    "lt": set(
        "ir ar bet kad kaip kas kodėl kodel kur kada kuris kuri į i iš is su be per prie apie už uz nuo "
        "aš as man mano jūs jus jums jūsų jusu jis ji jie tai tas ta tie yra buvo jau dar prašau prasau "
        "koks kokia koki kokie kokius kiek ka".split()
    ),
}


def is_code(token: str) -> bool:
    return bool(normal_code(token)) and token.startswith("0x")


def is_reply_code(token: str) -> bool:
    """An SMTP reply code (550, 5.7.1), read as guides.values.reply_codes reads the ones on the pages."""
    return reply_code(token)


def protected(token: str) -> bool:
    """A term read exactly as written: a code, a symbol, a number, a host name, an address."""
    return any(c.isdigit() for c in token) or "." in token or "@" in token or "_" in token


@functools.cache
def _stemmer(lang: str):
    name = STEMMERS.get(lang)
    return snowballstemmer.stemmer(name) if name else None


@functools.lru_cache(maxsize=65536)
def stem(lang: str, word: str) -> str:
    """The term of one folded word in `lang`."""
    if word in PROTOCOL_VERSIONS:  # readers write "pop" and "imap" as often as the pages' "POP3" and "IMAP4"
        return PROTOCOL_VERSIONS[word]
    if protected(word):
        return word
    if lang == "en" and word.endswith(("n't", "n’t")):  # "can't" as readers also write it, "cant"
        word = word[:-3] + "nt"
    if lang == "en" and word == "cant":  # the pages' "cannot"
        return "cannot"
    if lang == "lv":
        for ending in LATVIAN_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                return word[: -len(ending)]
        return word
    stemmer = _stemmer(lang)
    stemmed = stemmer.stemWord(word) if stemmer else word
    if lang == "lt":  # Snowball turns a stem's final "dž" into "d" and "č" into "t": folded, they read "dz", "c"
        if stemmed.endswith("dz"):
            stemmed = stemmed[:-1]
        elif stemmed.endswith("c"):
            stemmed = stemmed[:-1] + "t"
    return stemmed


def normal_token(token: str) -> str:
    """A code in any spelling as 0x800ccc0f; any other token as it is."""
    if len(token) in (8, 10):  # only an 8-digit hexadecimal number, with or without 0x, can be a code
        code = normal_code(token)
        if code:
            return code.lower()
    return token


def tokens(folded: str) -> list[str]:
    """The tokens of folded text, in order; a code in any spelling as 0x800ccc0f."""
    return [normal_token(found.group()) for found in TOKEN.finditer(folded)]


def terms(lang: str, text: str) -> list[str]:
    """Every term of `text` in order (for the index: positions count in phrases)."""
    return [stem(lang, token) for token in tokens(fold(unicodedata.normalize("NFC", text or "")))]


def stopword(lang: str, word: str) -> bool:
    return word in STOPWORDS.get(lang, ()) or (word in STOPWORDS["en"] and lang != "en" and word.isascii())


def negated(lang: str, word: str) -> bool:
    prefix = NEGATIONS.get(lang)
    return bool(prefix) and word.startswith(prefix) and len(word) > len(prefix) + 2


def word_spans(lang: str, text: str):
    """(start, end, term) of every token of `text`, in its own characters (for marks of whole words)."""
    folded, positions = fold_with_positions(text)
    for found in TOKEN.finditer(folded):
        start, end = found.span()
        yield positions[start], positions[end - 1] + 1, stem(lang, normal_token(found.group()))
