"""How a query word is read against the words of a language's pages (search/ranking.py's `read`, with
search/vocabulary.py's words and terms): typos, word forms as one term, negations, and the tokens that are
never changed. Built on small made-up documents; the shipped content is searched through HTTP in
test_search.py and test_forgiving_search.py."""

import pytest

from search import ranking
from search.analysis import stem
from search.documents import Document
from search.folding import fold
from search.vocabulary import Vocabulary


def vocabulary(lang, *texts):
    documents = [Document.build(n, "guide", f"Page {n}", text) for n, text in enumerate(texts)]
    return Vocabulary.build(lang, documents)


def read(vocab, query, **kwargs):
    return ranking.read(vocab.lang, query, vocab, **kwargs).terms


LATVIAN = vocabulary(
    "lv",
    "Atveriet Outlook un ievadiet paroli. Ģenerējiet paroli pasta iestatījumos.",
    "Thunderbird konta iestatīšana: lietotājvārds ir pilna e-pasta adrese.",
    "Kļūda 0x800CCC0F: savienojums pārtraukts. Ports 993, serveris mail.inbox.lv.",
)


@pytest.mark.parametrize(
    "typed, nearest",
    [
        ("outlok", "outlook"),  # a letter left out
        ("outluk", "outlook"),  # two letters wrong in a longer word
        ("thunderbrd", "thunderbird"),
        ("parloe", "paroli"),  # two letters swapped count as one edit
        ("genrejiet", "generejiet"),  # diacritics are folded before anything is compared
    ],
)
def test_a_word_no_page_contains_is_read_as_the_nearest_one_that_does(typed, nearest):
    (term,) = read(LATVIAN, typed)
    assert not LATVIAN.has_term(stem("lv", typed))
    assert term.corrected == nearest
    assert term.term == stem("lv", nearest) and LATVIAN.has_term(term.term)  # what is searched: its stem


def test_the_correction_is_shown_as_the_pages_write_it():
    (term,) = read(LATVIAN, "genrejiet")
    assert LATVIAN.shown(term.corrected) == "ģenerējiet"


def test_a_word_whose_term_is_on_some_page_is_not_corrected():
    # "paroles" and "parol" are no words of the pages, but their term is that of "paroli"
    for typed in ("pasta", "thunderbird", "paroles", "parol", "iestatījumi"):
        (term,) = read(LATVIAN, typed)
        assert LATVIAN.has_term(term.term), typed
        assert term.corrected == "" and term.term == stem("lv", term.typed), typed


@pytest.mark.parametrize(
    "typed, kind",
    [
        ("0x800ccc0e", "code"),  # one letter from the page's 0x800CCC0F: another error
        ("800CCC0E", "code"),
        ("IXP_E_FAILED_TO_CONNECT", "code"),
        ("995", "number"),  # one digit from the page's port 993
        ("9930", "number"),
        ("550", "reply"),
        ("v2", "number"),
        ("5.7.1", "reply"),
        ("mail.inbox.lt", "host"),  # one letter from the page's mail.inbox.lv
    ],
)
def test_codes_ports_and_hosts_are_never_changed(typed, kind):
    (term,) = read(LATVIAN, typed)
    assert term.kind == kind
    assert term.corrected == "" and term.alternatives == []
    assert term.term == term.typed and term.typed in (typed.lower(), "0x" + typed.lower())


def test_an_address_is_not_searched_at_all():
    assert read(LATVIAN, "anna@inbox.lv") == []
    terms = read(LATVIAN, "parole anna@inbox.lv")
    assert [(t.typed, t.kind) for t in terms] == [("parole", "word")]


def test_short_words_and_words_far_from_every_word_are_left_as_typed():
    for typed in ("uot", "xyzzyq", "kalnietis"):
        (term,) = read(LATVIAN, typed)
        assert term.corrected == "" and term.term == stem("lv", typed), typed
        assert not LATVIAN.has_term(term.term)


def test_corrections_can_be_switched_off():
    (term,) = read(LATVIAN, "outlok", correct=False)
    assert term.corrected == "" and term.term == "outlok"


def test_among_equally_near_words_the_most_frequent_wins():
    vocab = vocabulary("en", "server server server", "serves")
    (term,) = read(vocab, "servex")
    assert term.corrected == "server"


def test_words_that_say_nothing_of_the_subject_are_not_searched():
    assert [(t.typed, t.kind, t.term) for t in read(LATVIAN, "kā ir")] == [("ka", "stop", ""), ("ir", "stop", "")]
    (stop, word) = read(vocabulary("en", "Open Outlook."), "the outlok")
    assert (stop.kind, stop.term, stop.corrected) == ("stop", "", "")
    assert (word.kind, word.corrected) == ("word", "outlook")


# negations: a correction never adds or drops one ------------------------------------------------------------
@pytest.mark.parametrize(
    "lang, page, typed, negative",
    [
        ("lv", "Programma nestrādā.", "strādā", "nestrada"),
        ("lt", "Programa neveikia.", "veikia", "neveikia"),
        ("ru", "Введён неверный пароль.", "верный", "неверный"),
    ],
)
def test_a_correction_never_adds_a_negation(lang, page, typed, negative):
    vocab = vocabulary(lang, page)
    assert vocab.nearest(fold(typed)) == negative  # the nearest word of the pages is the negation
    (term,) = read(vocab, typed)
    assert term.corrected == "" and term.term == stem(lang, term.typed)


@pytest.mark.parametrize(
    "lang, page, typed, positive",
    [
        ("lv", "Serveris strādā.", "nestrādā", "strad"),
        ("ru", "Сервер доступен.", "недоступен", "доступ"),
    ],
)
def test_a_correction_never_drops_a_negation(lang, page, typed, positive):
    vocab = vocabulary(lang, page)
    (term,) = read(vocab, typed)
    assert term.corrected == ""
    assert term.term == stem(lang, term.typed) and term.term != positive  # the negation is searched
    # the pages' word without it counts for less, never instead of it
    assert [alternative for alternative, weight in term.alternatives if weight < 1] == [positive]


# word forms: one term ---------------------------------------------------------------------------------------
RUSSIAN = vocabulary(
    "ru",
    "Откройте настройки учётной записи. Настройка сервера входящей почты.",
    "Почта не приходит: проверьте пароль.",
)


@pytest.mark.parametrize("typed", ["настройках", "настройку", "настройкой", "настройки"])
def test_russian_word_forms_are_one_term(typed):
    (term,) = read(RUSSIAN, typed)
    assert term.term == stem("ru", "настройка") == stem("ru", "настройки")
    assert term.corrected == ""  # a word form is no typo: nothing to "show results for"


def test_russian_forms_of_other_words():
    (term,) = read(RUSSIAN, "почтой")
    assert term.term == stem("ru", "почты") == stem("ru", "почта") and term.corrected == ""
    (term,) = read(RUSSIAN, "пароля")
    assert term.term == stem("ru", "пароль") and term.corrected == ""


def test_lithuanian_word_forms_are_one_term():
    vocab = vocabulary("lt", "Įveskite slaptažodį. Slaptažodis sugeneruojamas pašto nustatymuose.")
    (term,) = read(vocab, "nustatymai")
    assert term.term == stem("lt", "nustatymuose") and term.corrected == ""
    # the genitive, as the pages write it ("slaptažodžio keitimas"): a form of "slaptažodis", no typo
    (term,) = read(vocab, "slaptažodžio")
    assert term.corrected == ""
    assert term.term == stem("lt", fold("slaptažodis"))


def test_latvian_words_lose_their_ending_and_nothing_more():
    assert {stem("lv", fold(word)) for word in ("parole", "paroles", "paroli", "parolēm")} == {"parol"}
    assert stem("lv", "pasta") == stem("lv", "pasts") == stem("lv", "pastu") == "past"
    assert stem("lv", "ir") == "ir" and stem("lv", "mans") == "man"  # a stem keeps at least three letters
    (term,) = read(LATVIAN, "parolēm")
    assert term.term == "parol" and term.corrected == ""


def programs_vocabulary():
    guides = [
        Document.build(
            1, "guide", "Mozilla Thunderbird: iestatīšana", "Atveriet Thunderbird.", program="Mozilla Thunderbird"
        ),
        Document.build(2, "guide", "Mail iPhone", "Atveriet Mail.", program="Mail iPhone, iPad (iOS)"),
    ]
    others = [Document.build(n, "problem", f"Mail {n}", "Thunderbird neņem paroli.") for n in range(3, 8)]
    others += [Document.build(n, "cause", f"Parole {n}", "Ievadiet ģenerēto paroli.") for n in range(8, 14)]
    return Vocabulary.build("lv", guides + others)


def test_a_guides_program_names_a_program_and_a_word_of_many_titles_does_not():
    vocab = programs_vocabulary()
    assert vocab.names_program(stem("lv", "thunderbird"))  # on many pages, in the title of one guide
    assert vocab.names_program(stem("lv", "iphone"))
    assert not vocab.names_program(stem("lv", "mail"))  # the title of 7 of the 13 pages: a word of the language
    assert not vocab.names_program(stem("lv", "paroli"))  # no guide's program


def test_a_removed_guide_takes_its_program_with_it():
    vocab = programs_vocabulary()
    vocab.remove(Document.build(2, "guide", "Mail iPhone", "Atveriet Mail.", program="Mail iPhone, iPad (iOS)"))
    assert not vocab.names_program(stem("lv", "iphone"))
    assert vocab.names_program(stem("lv", "thunderbird"))


@pytest.mark.parametrize(
    "query, in_context",
    [
        ("thunderbird neņem manu paroli", True),  # trouble: the program says where, the words say what
        ("kādu paroli likt thunderbird programmā", True),  # a question about something in the program
        ("thunderbird pasta iestatīšana", False),  # the program's name with words of setting up: its guide
        ("thunderbird vēstules pazūd", True),  # nor trouble words nor a question, but nothing of setting up
        ("thunderbird nestrādā", False),  # one word beside the name: the name still counts in full
    ],
)
def test_a_programs_name_is_the_readers_context_when_other_words_say_what_is_asked(query, in_context):
    read_query = ranking.read("lv", query, programs_vocabulary())
    assert read_query.in_context is in_context
    weights = {c.terms: c.boost for c in ranking.clauses(read_query, {}) if c.field == "title"}
    full = ranking.FIELD_WEIGHTS["title"]
    assert weights[("thunderbird",)] == (full * ranking.CONTEXT_WEIGHT if in_context else full)


def test_pop3_as_readers_type_it_is_the_term_the_pages_index():
    vocab = vocabulary("lv", "POP3 piekļuve un IMAP.")
    (term,) = [t for t in read(vocab, "pop3") if t.typed == "pop3"]
    assert term.term == stem("lv", "pop3") == "pop"


@pytest.mark.parametrize("typed", ["can't", "cant", "can’t"])
def test_english_cant_in_any_spelling_is_the_pages_cannot(typed):
    vocab = vocabulary("en", "The program cannot connect to the server.")
    assert [t.term for t in read(vocab, f"outlook {typed} connect")][1] == "cannot"


@pytest.mark.parametrize(
    "lang, query, asks",
    [
        ("lv", "kāds ir pop3 serveris un ports", True),
        ("lv", "vai var lietot pop3 divos datoros", True),  # "vai" opens a question
        ("lv", "iphone saka ka parole nepareiza", False),  # "ka" inside a sentence is "that"
        ("en", "does the bat work with my mailbox", True),
        ("en", "the server does not answer", False),
        ("ru", "сколько писем можно отправить за час", True),
        ("lt", "ar galima siųsti per kitą prievadą", True),
        ("lt", "koks gaunamo pašto serveris", True),
    ],
)
def test_a_question_is_told_from_a_statement(lang, query, asks):
    assert ranking.asks(lang, ranking.query_tokens(query)) is asks


def test_a_long_question_is_not_read_as_a_pasted_message_of_trouble():
    vocab = vocabulary("lt", "Gaunamo pašto serveris ir prievadas telefone.")
    assert not ranking.read("lt", "koks gaunamo pasto serveris android telefone", vocab).trouble
    assert ranking.read("lt", "gaunamo pasto serveris android telefone neatsako", vocab).trouble  # a negation


def test_the_words_of_the_guides_titles_are_words_of_setting_up():
    guide = Document.build(1, "guide", "Mozilla Thunderbird: IMAP iestatīšana", "", program="Mozilla Thunderbird")
    problems = [Document.build(n, "problem", f"Parole nederīga {n}", "") for n in range(2, 10)]
    vocab = Vocabulary.build("lv", [guide, *problems])
    assert vocab.sets_up(stem("lv", fold("iestatīšana")))
    assert not vocab.sets_up(stem("lv", "thunderbird"))  # the program's name
    assert not vocab.sets_up(stem("lv", "parole"))
    assert not ranking.read("lv", "thunderbird pasta iestatīšana", vocab).in_context
    assert ranking.read("lv", "thunderbird parole nederīga vispār", vocab).in_context


def test_a_question_sharing_the_rarer_word_of_the_query_matches_it_better():
    pages = [Document.build(n, "problem", f"Pasts {n}", "Pasts nepienāk. Programma.") for n in range(1, 9)]
    pages.append(Document.build(9, "problem", "Sertifikāts", "Sertifikāts nav derīgs."))
    vocab = Vocabulary.build("lv", pages)
    read_query = ranking.read("lv", "programma brīdina par sertifikātu pastam", vocab)

    def question(text):
        return [frozenset(t for t in ranking.query_tokens(text) for t in [stem("lv", t)])]

    rare = ranking.question_match(read_query, question("sertifikāts nederīgs programmā"), vocab.rarity)
    common = ranking.question_match(read_query, question("pasts nepienāk programmā"), vocab.rarity)
    assert rare > common > 0  # each shares two words of the query; "sertifikāts" is on one page, "pasts" on all
    assert ranking.question_match(read_query, question("sertifikāts nederīgs programmā")) == pytest.approx(
        ranking.question_match(read_query, question("pasts nepienāk programmā"))
    )  # counted without rarity, the two are the same


def test_a_guide_counts_more_only_when_the_query_asks_to_set_up_its_program(monkeypatch):
    guide = Document.build(
        1, "guide", "Mozilla Thunderbird: iestatīšana", "Parole. Iestatīšana.", program="Thunderbird"
    )
    article = Document.build(2, "article", "Ģenerētā parole", "Parole pasta programmām.")
    others = [Document.build(n, "problem", f"Savienojums {n}", "Savienojums pārtrūkst.") for n in range(3, 10)]

    class Index:
        engine = ranking_engine([guide, article, *others])
        kinds = {d.page_id: d.kind for d in [guide, article, *others]}
        messages, questions = {}, {}
        vocabulary = Vocabulary.build("lv", [guide, article, *others])

    def guide_prior(query):
        read_query = ranking.read("lv", query, Index.vocabulary)
        raw = dict(Index.engine.score(ranking.clauses(read_query, {}), 10))
        return dict(ranking.rank(Index, read_query, {}))[1] / raw[1]

    assert guide_prior("thunderbird iestatīšana parole") == pytest.approx(ranking.SETUP_PRIOR["guide"])
    assert guide_prior("kāda parole jāievada thunderbird programmā") == pytest.approx(1.0)  # about the password


def ranking_engine(documents):
    from search.engine import Engine
    from search.index import engine_fields

    engine = Engine(None)
    engine.replace([], [(d.page_id, engine_fields("lv", d), d.texts()) for d in documents])
    return engine


def test_a_correction_keeps_the_first_letter():
    vocab = vocabulary("lv", "Ārējā pieeja izslēdzas.", "Программе не удается войти.")
    assert not read(vocab, "atslēdzas")[0].corrected  # disconnects is not "switches off"
    assert read(vocab, "izslēgdzas")[0].corrected == "izsledzas"  # a typo further in still is (folded)


def test_a_piece_of_a_message_counts_only_when_no_page_quotes_most_of_the_query():
    vocab = vocabulary("en", "Login to server failed with username.")
    read_query = ranking.read("en", "with username anna@inbox.lv failed", vocab)
    message = [frozenset(stem("en", t) for t in ranking.query_tokens("Login to server … with username … failed"))]
    assert ranking.message_match(read_query, message) == 0  # two words are not most of a message
    assert ranking.message_match(read_query, message, pieces=True) == pytest.approx(2 / len(message[0]))
    calm = ranking.read("en", "username login", vocab)  # no trouble: no piece of a message is looked for
    assert ranking.message_match(calm, message, pieces=True) == 0
