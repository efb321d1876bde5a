from programmes.models.groups import Group, GroupQuerySet, MentoringForm
from programmes.models.monitoring import SurveyResponse
from programmes.models.practices import Practice
from programmes.models.programmes import (
    Amendment,
    Comment,
    Meeting,
    PlanItem,
    Programme,
    ProgrammeTemplate,
    TemplateItem,
)

__all__ = [
    "Amendment",
    "Comment",
    "Group",
    "GroupQuerySet",
    "Meeting",
    "MentoringForm",
    "PlanItem",
    "Practice",
    "Programme",
    "ProgrammeTemplate",
    "SurveyResponse",
    "TemplateItem",
]
