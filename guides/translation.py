from modeltranslation.translator import TranslationOptions, register

from .models import ArticleBlock, ArticlePage, GuidePage, GuideStep, HelpIndexPage, SettingsReferencePage


@register(HelpIndexPage)
class HelpIndexPageTR(TranslationOptions):
    fields = ("intro", "preconditions")


@register(GuidePage)
class GuidePageTR(TranslationOptions):
    fields = ("summary",)


@register(SettingsReferencePage)
class SettingsReferencePageTR(TranslationOptions):
    fields = ("intro",)


@register(ArticlePage)
class ArticlePageTR(TranslationOptions):
    fields = ("summary",)


@register(GuideStep)
class GuideStepTR(TranslationOptions):
    fields = ("text", "target", "image_alt")


@register(ArticleBlock)
class ArticleBlockTR(TranslationOptions):
    fields = ("text", "target", "image_alt")
