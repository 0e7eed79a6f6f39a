"""A page's references indexed once per save of the page and its steps, not after each step's save.

Wagtail's receiver indexes the whole page (its steps included) after every save of a page or of one of its
steps: saving 150 steps walked them 150 times. Around a help-center page's save (the signals of
guides/models/pages.py) Wagtail's own switch pauses it, and the page is indexed once at the end. A caller
that paused indexing already (load_content indexes what it made at its end) is left alone. Connected in
GuidesConfig.ready; tests/helpcenter/test_internals.py checks the switch this relies on.
"""

from wagtail.signal_handlers import reference_index_auto_update_disabled, update_reference_index_on_save


def pause(instance, **kwargs) -> bool:
    """Pause Wagtail's indexing for the page's save; False when it was paused already."""
    if getattr(reference_index_auto_update_disabled, "value", False):
        return False
    reference_index_auto_update_disabled.value = True
    return True


def resume(instance, paused: bool, saved: bool, **kwargs) -> None:
    """Resume it, and index the saved page once (nothing after a failed save: its transaction is broken)."""
    if not paused:
        return
    del reference_index_auto_update_disabled.value
    if saved:
        update_reference_index_on_save(instance=instance)
