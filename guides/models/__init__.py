"""The guides app's models, one module per concept, re-exported here (`from guides.models import …`)."""

from .pages import ArticlePage, GuidePage, HelpCenterChildPage, HelpIndexPage, SettingsReferencePage, StepsPageMixin
from .server_settings import ServerSettings
from .steps import NUMBERED, TARGET_REQUIRED, TEXT_REQUIRED, ArticleBlock, GuideStep, StepBase, StepKind
from .translation_state import TranslationState

__all__ = [
    "NUMBERED",
    "TARGET_REQUIRED",
    "TEXT_REQUIRED",
    "ArticleBlock",
    "ArticlePage",
    "GuidePage",
    "GuideStep",
    "HelpCenterChildPage",
    "HelpIndexPage",
    "ServerSettings",
    "SettingsReferencePage",
    "StepBase",
    "StepKind",
    "StepsPageMixin",
    "TranslationState",
]
