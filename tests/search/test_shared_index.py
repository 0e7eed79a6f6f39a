"""The search index shared by a host's workers (search/shared.py): a worker that starts reads what another
built instead of building every page, a publish is indexed by one worker and read by the others, and a
state that cannot be read is built again. Two LanguageIndex objects stand for two workers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from guides.models import GuidePage
from helpcenter.page_cache import store
from search import documents, ranking, shared, upkeep
from search import index as search_index
from search.index import LanguageIndex
from search.service import run_search
from search.views import warm
from tests import factories


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


# a publish brings the host's shared index up to date in the publishing process (search/upkeep.py) --------
def state_generation(lang="en"):
    return shared.SharedLanguage(shared.root() / lang).read()["generation"]


def test_a_publish_brings_the_shared_index_up_to_date(
    db, shared_dir, builds, guide, django_capture_on_commit_callbacks
):
    reader = worker()  # a worker that read the index, and will not publish
    assert not (shared.root() / "ru" / "state.pickle").exists()  # never searched on this host
    page = GuidePage.objects.get(pk=guide.pk)
    page.title_en = "Wombat mail setup"
    builds.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert builds == [1]  # the publishing process built the published page, once
    assert state_generation() == store.current_generation()  # and wrote it for the host
    assert not (shared.root() / "ru" / "state.pickle").exists()  # a language nobody searched stays unbuilt
    reader = reader.current()
    assert builds == [1]  # the reader only read what the publisher wrote
    assert found(reader, "wombat")[0] == guide.pk


def test_a_record_publish_brings_the_values_up_to_date(db, shared_dir, record, django_capture_on_commit_callbacks):
    reader = worker()
    with django_capture_on_commit_callbacks(execute=True):
        factories.record(imap_port=1993)
    assert state_generation() == store.current_generation()
    reader = reader.current()
    assert any("1993" in values.texts.values() for values in reader.values.values())


def test_in_a_request_the_upkeep_waits_for_the_response(db, shared_dir, monkeypatch):
    done = []
    monkeypatch.setattr(upkeep, "run", lambda: done.append(True))
    upkeep.request_began()
    upkeep.after_commit()
    assert done == []  # the editor's response is not kept waiting
    upkeep.request_ended()
    assert done == [True]
    upkeep.after_commit()  # outside a request: at once
    assert done == [True, True]


def test_a_failing_upkeep_never_fails_the_publish(
    db, shared_dir, guide, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    worker()

    def broken(lang):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr("search.index.index_for", broken)
    page = GuidePage.objects.get(pk=guide.pk)
    page.title_en = "Wombat mail setup"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "could not be brought up to date" in caplog.text
    monkeypatch.undo()
    assert found(worker(), "wombat")[0] == guide.pk  # the reader's own check brings it up to date


def test_a_starting_worker_reads_every_built_language_before_it_takes_requests(db, shared_dir, builds, monkeypatch):
    worker("en"), worker("lv")
    search_index.forget()  # a worker that starts (gunicorn.conf.py's post_worker_init)
    builds.clear()
    assert search_index.preload() == ["lv", "en"]  # the languages this host built, none other
    assert builds == []
    read = []
    monkeypatch.setattr(shared.SharedLanguage, "read", lambda self: read.append(self) or None)
    with translation.override("en"):
        assert run_search("en", "thunderbird").results
    assert read == [] and builds == []  # its first search reads nothing


def test_a_starting_worker_renders_and_searches_once_in_each_language_logging_nothing(db, monkeypatch):
    logged = []
    monkeypatch.setattr("search.log.log_search", lambda *args, **kwargs: logged.append(args))
    warm(["lv", "ru"])
    assert logged == []
    assert set(search_index._indexes) == {"lv", "ru"}  # their indexes read (built: no shared folder here)
