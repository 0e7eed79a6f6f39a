"""wagtail-modeltranslation: each model's `translated_fields` get a column per language (loaded through
MODELTRANSLATION_TRANSLATION_FILES in settings/base.py)."""

from modeltranslation.translator import TranslationOptions, translator

from .models import PAGE_TYPES, STEP_MODELS

for model in (*PAGE_TYPES, *STEP_MODELS.values()):
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": model.translated_fields})
    translator.register(model, options)
