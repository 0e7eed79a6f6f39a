"""wagtail-modeltranslation: each model's `translated_fields` get a column per language (loaded through
MODELTRANSLATION_TRANSLATION_FILES in settings/base.py)."""

from modeltranslation.translator import TranslationOptions, translator

from .models import (
    ArticleBlock,
    ArticlePage,
    CausePage,
    CauseStep,
    GuidePage,
    GuideStep,
    HelpIndexPage,
    ProblemPage,
    ProblemStep,
    SettingsReferencePage,
    TroubleshootingPage,
)

PAGES = (HelpIndexPage, GuidePage, ArticlePage, SettingsReferencePage, CausePage, ProblemPage, TroubleshootingPage)
for model in (*PAGES, GuideStep, ArticleBlock, CauseStep, ProblemStep):
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": model.translated_fields})
    translator.register(model, options)
