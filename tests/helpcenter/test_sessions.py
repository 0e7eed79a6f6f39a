"""Session keys say they were handed out here (helpcenter/sessions.py)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from helpcenter.sessions import SessionStore, issued_here


@pytest.mark.django_db
def test_a_new_session_key_is_one_this_site_handed_out_and_a_changed_one_is_not():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    key = store.session_key
    assert len(key) == 32 and key.isalnum() and key == key.lower()
    assert issued_here(key)
    assert SessionStore(key).load() == {"answer": 42}
    changed = key[:-1] + ("a" if key[-1] != "a" else "b")
    assert not issued_here(changed)
    assert not issued_here(key[:31]) and not issued_here("x" + key)


@pytest.mark.django_db
def test_a_made_up_key_loads_nothing_and_is_never_looked_up(django_assert_num_queries):
    made_up = "0123456789abcdefghijklmnopqrstuv"
    Session.objects.create(session_key=made_up, session_data="", expire_date="2999-01-01T00:00Z")
    store = SessionStore(made_up)
    with django_assert_num_queries(0):
        assert store.load() == {} and not store.exists(made_up)
    assert store.session_key is None  # saved under a new key, as Django does for a key it cannot find


@pytest.mark.django_db
def test_a_key_signed_with_a_retired_secret_still_counts(settings):
    store = SessionStore()
    store.create()
    key = store.session_key
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new secret for this deploy, long enough for check --deploy, 0123456789"
    assert issued_here(key)
    settings.SECRET_KEY_FALLBACKS = []
    assert not issued_here(key)


@pytest.mark.django_db
def test_a_signed_in_editor_keeps_the_session(admin_user):
    client = Client()
    client.force_login(admin_user)
    assert issued_here(client.cookies["sessionid"].value)
    assert client.get("/admin/").status_code == 200
