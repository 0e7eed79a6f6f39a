"""The search index shared by a host's workers (search/shared.py): a worker that starts reads what another
built instead of building every page, a publish is indexed by one worker and read by the others, and a
state that cannot be read is built again. Two LanguageIndex objects stand for two workers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from guides.models import GuidePage
from search import documents, ranking, shared
from search.index import LanguageIndex
from search.service import run_search


@pytest.fixture
def shared_dir(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = str(tmp_path / "search-index")
    return tmp_path / "search-index"


@pytest.fixture
def builds(monkeypatch):
    """The pages each call of build_documents was asked for."""
    built = []
    original = documents.build_documents

    def counting(indexes, listed, links, index_ids=None):
        built.append(len(listed))
        return original(indexes, listed, links, index_ids)

    monkeypatch.setattr("search.index.build_documents", counting)
    return built


def worker(lang="en") -> LanguageIndex:
    with translation.override(lang):
        return LanguageIndex(lang).current()


def found(index: LanguageIndex, query: str) -> list[int]:
    read = ranking.read(index.lang, query, index.vocabulary)
    return [page_id for page_id, _score in ranking.rank(index, read, {})]


def test_a_starting_worker_reads_the_index_another_built(db, shared_dir, builds):
    first = worker()
    assert builds and builds[0] > 10  # the first worker built every page
    builds.clear()
    second = worker()
    assert builds == []  # the second read the first one's state: no page built again
    assert [d.page_id for d in second.documents] == [d.page_id for d in first.documents]
    assert found(second, "thunderbird") == found(first, "thunderbird") != []
    assert (shared.root() / "en" / "state.pickle").exists()


def test_a_publish_is_indexed_by_one_worker_and_read_by_the_other(db, shared_dir, builds, guide):
    first, second = worker(), worker()
    page = GuidePage.objects.get(pk=guide.pk)
    page.title_en = "Wombat mail setup"
    page.save_revision().publish()  # moves the content generation on
    builds.clear()
    first = first.current()
    assert builds == [1]  # only the published page
    second = second.current()
    assert builds == [1]  # the second worker read it
    assert found(second, "wombat")[0] == guide.pk == found(first, "wombat")[0]


def test_a_state_that_cannot_be_read_is_built_again(db, shared_dir, builds):
    worker()
    (shared.root() / "en" / "state.pickle").write_bytes(b"not a pickle")
    builds.clear()
    again = worker()
    assert builds and builds[0] > 10
    assert found(again, "thunderbird")


def test_another_database_never_reads_this_ones_index(db, shared_dir, monkeypatch):
    here = shared.root()
    monkeypatch.setitem(connection.settings_dict, "NAME", "another.sqlite3")
    assert shared.root() != here


def test_without_a_folder_each_worker_keeps_its_index_in_memory(db, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = ""
    assert shared.root() is None
    with translation.override("lv"):
        assert run_search("lv", "thunderbird").results
    assert not list(tmp_path.iterdir())


def test_build_search_index_writes_every_language_for_the_workers(db, shared_dir, builds):
    out = StringIO()
    call_command("build_search_index", stdout=out)
    for lang in ("lv", "en", "ru", "lt"):
        assert (shared.root() / lang / "state.pickle").exists()
        assert f"{lang}: " in out.getvalue()
    builds.clear()
    assert found(worker("ru"), "thunderbird") and builds == []  # a worker that starts reads it


def test_build_search_index_says_when_there_is_no_folder(db, settings):
    settings.SEARCH_INDEX_DIR = ""
    out = StringIO()
    call_command("build_search_index", stdout=out)
    assert "SEARCH_INDEX_DIR is empty" in out.getvalue()
