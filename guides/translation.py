from modeltranslation.translator import TranslationOptions, register

from .models import GuidePage, GuideStep, HelpIndexPage, SettingsReferencePage


@register(HelpIndexPage)
class HelpIndexPageTR(TranslationOptions):
    fields = ("intro", "preconditions")


@register(GuidePage)
class GuidePageTR(TranslationOptions):
    fields = ("summary",)


@register(SettingsReferencePage)
class SettingsReferencePageTR(TranslationOptions):
    fields = ("intro",)


@register(GuideStep)
class GuideStepTR(TranslationOptions):
    fields = ("text", "target", "image_alt")
