"""wagtail-modeltranslation: each model's `translated_fields` get a column per language."""

from modeltranslation.translator import TranslationOptions, translator

from .models import ArticleBlock, ArticlePage, GuidePage, GuideStep, HelpIndexPage, SettingsReferencePage

for model in (HelpIndexPage, GuidePage, ArticlePage, SettingsReferencePage, GuideStep, ArticleBlock):
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": model.translated_fields})
    translator.register(model, options)
