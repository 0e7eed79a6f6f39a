"""The guides app's models, one module per concept, re-exported here (`from guides.models import …`)."""

from .pages import ArticlePage, GuidePage, HelpCenterChildPage, HelpIndexPage, SettingsReferencePage, StepsPageMixin
from .server_settings import ServerSettings
from .steps import NUMBERED, TARGET_REQUIRED, TEXT_REQUIRED, ArticleBlock, GuideStep, StepBase, StepKind
from .translation_state import TranslationState
from .troubleshooting import (
    CausePage,
    CauseStep,
    ProblemPage,
    ProblemStep,
    ProblemStepKind,
    Stage,
    TroubleshootingPage,
    normal_code,
    problems_by_program,
)

__all__ = [
    "NUMBERED",
    "TARGET_REQUIRED",
    "TEXT_REQUIRED",
    "ArticleBlock",
    "ArticlePage",
    "CausePage",
    "CauseStep",
    "GuidePage",
    "GuideStep",
    "HelpCenterChildPage",
    "HelpIndexPage",
    "ProblemPage",
    "ProblemStep",
    "ProblemStepKind",
    "ServerSettings",
    "SettingsReferencePage",
    "Stage",
    "StepBase",
    "StepKind",
    "StepsPageMixin",
    "TranslationState",
    "TroubleshootingPage",
    "normal_code",
    "problems_by_program",
]
