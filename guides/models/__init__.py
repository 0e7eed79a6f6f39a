"""The guides app's models, one module per concept, re-exported here (`from guides.models import …`)."""

from ..values import is_reply_code, normal_reply_code  # with normal_code: the codes readers paste
from .links import KEY_MAX_LENGTH, StableLink, is_key
from .pages import (
    ArticlePage,
    GuidePage,
    HelpCenterChildPage,
    HelpIndexPage,
    SettingsReferencePage,
    StepsPageMixin,
    TopicPage,
)
from .questions import QUESTION_MAX_LENGTH, QUESTIONS_MAX_LINES, ReaderQuestionsMixin, question_problems
from .releases import LoadedRelease, ReleaseConflict
from .server_settings import ServerSettings
from .steps import NUMBERED, TARGET_REQUIRED, TEXT_REQUIRED, ArticleBlock, GuideStep, StepBase, StepKind
from .translation_state import TranslationCount, TranslationState
from .troubleshooting import (
    MESSAGE_SOURCES,
    SMTP_REPLY,
    CausePage,
    CauseStep,
    ProblemPage,
    ProblemStep,
    ProblemStepKind,
    Stage,
    TroubleshootingPage,
    normal_code,
    normal_message_code,
    problems_by_program,
)

# Every page type of the help center, and each page type with ordered entries -> its entry model: the one
# list the modeltranslation registration, the content files and search documents read.
PAGE_TYPES = (
    HelpIndexPage,
    TopicPage,
    GuidePage,
    ArticlePage,
    SettingsReferencePage,
    CausePage,
    ProblemPage,
    TroubleshootingPage,
)
STEP_MODELS = {GuidePage: GuideStep, ArticlePage: ArticleBlock, CausePage: CauseStep, ProblemPage: ProblemStep}

__all__ = [
    "MESSAGE_SOURCES",
    "PAGE_TYPES",
    "QUESTION_MAX_LENGTH",
    "QUESTIONS_MAX_LINES",
    "SMTP_REPLY",
    "STEP_MODELS",
    "NUMBERED",
    "TARGET_REQUIRED",
    "TEXT_REQUIRED",
    "ArticleBlock",
    "ArticlePage",
    "CausePage",
    "CauseStep",
    "GuidePage",
    "GuideStep",
    "LoadedRelease",
    "ReleaseConflict",
    "HelpCenterChildPage",
    "HelpIndexPage",
    "ProblemPage",
    "ProblemStep",
    "ProblemStepKind",
    "ReaderQuestionsMixin",
    "ServerSettings",
    "StableLink",
    "KEY_MAX_LENGTH",
    "is_key",
    "SettingsReferencePage",
    "Stage",
    "StepBase",
    "StepKind",
    "StepsPageMixin",
    "TopicPage",
    "TranslationCount",
    "TranslationState",
    "TroubleshootingPage",
    "is_reply_code",
    "normal_code",
    "normal_message_code",
    "normal_reply_code",
    "problems_by_program",
    "question_problems",
]
