"""The search relevance cases (tools/relevance/*.toml, run by `make search-eval`) are usable: they parse, every
expected page exists in content/, and there are enough of them in every language and category. No database."""

from collections import Counter

import pytest

from tools import search_eval
from tools.search_eval import CATEGORIES, LANGUAGES, CaseError, content_slugs, load_cases

pytestmark = pytest.mark.content

MIN_PER_LANGUAGE = 60
MIN_TOTAL = 240
MIN_QUESTIONS_PER_LANGUAGE = 15


@pytest.fixture(scope="module")
def cases():
    return load_cases()


def test_the_cases_parse_and_validate(cases):
    assert {case["lang"] for case in cases} == set(LANGUAGES)


def test_enough_cases(cases):
    per_language = Counter(case["lang"] for case in cases)
    assert len(cases) >= MIN_TOTAL
    assert {lang: n for lang, n in per_language.items() if n < MIN_PER_LANGUAGE} == {}


def test_every_category_in_every_language(cases):
    present = {(case["lang"], case["category"]) for case in cases}
    missing = [(lang, cat) for lang in LANGUAGES for cat in CATEGORIES if (lang, cat) not in present]
    assert missing == []


def test_enough_questions_in_every_language(cases):
    questions = Counter(case["lang"] for case in cases if case["category"] == "question")
    assert {lang: questions[lang] for lang in LANGUAGES if questions[lang] < MIN_QUESTIONS_PER_LANGUAGE} == {}


def test_every_expected_page_exists(cases):
    slugs = content_slugs()
    assert {"settings", "help", "troubleshooting", "login-rejected", "outlook-2013-imap"} <= slugs
    assert sorted({slug for case in cases for slug in case["expect"]} - slugs) == []


def test_no_query_twice_in_a_language(cases):
    repeated = Counter((case["lang"], case["query"]) for case in cases)
    assert [key for key, n in repeated.items() if n > 1] == []


def test_invalid_cases_are_refused_with_the_reason(tmp_path):
    for lang in LANGUAGES:
        (tmp_path / f"{lang}.toml").write_text('[[case]]\nquery = "x"\ncategory = "question"\nexpect = ["settings"]\n')
    (tmp_path / "en.toml").write_text(
        '[[case]]\nquery = "a"\ncategory = "question"\nexpect = ["no-such-page"]\n'
        '[[case]]\nquery = "a"\ncategory = "guess"\nexpect = ["settings"]\n'
    )
    with pytest.raises(CaseError) as refused:
        load_cases(tmp_path)
    message = str(refused.value)
    assert "'no-such-page' is no page of content/" in message
    assert "unknown category 'guess'" in message
    assert "the same query as case 1" in message


def test_a_figure_below_the_recorded_one_is_named_and_a_better_one_passes():
    summary = {
        "overall": {"hit@1": 0.9},
        "languages": {"lv": {"hit@1": 0.85}},
        "categories": {"question": {"hit@1": 0.6}},
    }
    assert search_eval.hit_figures(summary) == {"overall": 0.9, "lv": 0.85, "question": 0.6}
    assert search_eval.worse_than(summary, {"overall": 0.9, "lv": 0.8, "question": 0.5}) == []
    assert search_eval.worse_than(summary, {"question": 0.65}) == ["question hit@1 0.600 < 0.650 recorded"]
