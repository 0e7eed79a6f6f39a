from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from helpcenter.internals import set_route
from helpcenter.page_cache.parameters import PageParameters, register

from .links.old_site import ROOT_PATH, keyword_parameter
from .mail.signing import check_signing


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Guides")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from helpcenter.page_cache.invalidation import invalidates
        from helpcenter.page_cache.tags import RECORD_TAG

        from . import reference_index
        from .models import PAGE_TYPES, STEP_MODELS, HelpIndexPage, ServerSettings, TopicPage, TranslationState
        from .models.pages import saved_with_steps, saving_with_steps
        from .translations import counts
        from .translations.tracking import adopt_published_translations

        # `/?keyword=…`, the old help site's links: a redirect of its own, never what is stored for `/`
        register(self.label, PageParameters(read=keyword_parameter, path=ROOT_PATH))
        checks.register(check_signing, checks.Tags.security, deploy=False)
        # after wagtail-modeltranslation's (an earlier app)
        set_route(HelpIndexPage, HelpIndexPage.route_to_child)
        set_route(TopicPage, TopicPage.route_to_screen)

        page_published.connect(adopt_published_translations, dispatch_uid="guides-adopt-published-translations")
        for page_type in PAGE_TYPES:
            post_save.connect(counts.page_saved, sender=page_type, dispatch_uid=f"guides-count-{page_type.__name__}")
        for step_model in STEP_MODELS.values():
            for signal in (post_save, post_delete):
                signal.connect(counts.step_saved, sender=step_model, dispatch_uid=f"guides-count-{step_model}-{signal}")
        saving_with_steps.connect(reference_index.pause, dispatch_uid="guides-references-pause")
        saved_with_steps.connect(reference_index.resume, dispatch_uid="guides-references-resume")
        for signal in (post_save, post_delete):
            signal.connect(counts.state_saved, sender=TranslationState, dispatch_uid=f"guides-count-state-{signal}")
        # What changes readers' pages besides the pages themselves (the page cache watches those): a
        # translation's bookkeeping (the notice on a page), and the record's live values (not its drafts).
        invalidates(TranslationState)
        invalidates(ServerSettings, tag=RECORD_TAG, with_drafts=True)
