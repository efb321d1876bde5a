from registry.models.banks import (
    AnswerStatus,
    MenteeEntry,
    MentorEntry,
    MentorQuestionnaire,
    ProfessionalRequest,
    Topic,
    TrainingSession,
)
from registry.models.catalogue import CatalogueQuerySet
from registry.models.consents import (
    PUBLISHABLE_FIELDS,
    Consent,
    consent_summary,
    has_valid_consent,
    required_personal_data_kind,
)
from registry.models.links import PersonalLink
from registry.models.memberships import Membership
from registry.models.organisations import MethodicalAssociation, Organisation, slug_validator
from registry.models.people import Person, fold

__all__ = [
    "PUBLISHABLE_FIELDS",
    "AnswerStatus",
    "CatalogueQuerySet",
    "Consent",
    "Membership",
    "MenteeEntry",
    "MentorEntry",
    "MentorQuestionnaire",
    "MethodicalAssociation",
    "Organisation",
    "Person",
    "PersonalLink",
    "ProfessionalRequest",
    "Topic",
    "TrainingSession",
    "consent_summary",
    "fold",
    "has_valid_consent",
    "required_personal_data_kind",
    "slug_validator",
]
