import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from programmes.models import Group, MentoringForm, PlanItem, Programme
from registry.models import (
    Consent,
    Membership,
    MenteeEntry,
    MentorEntry,
    MentorQuestionnaire,
    Organisation,
    Person,
    ProfessionalRequest,
    Topic,
    TrainingSession,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Correct-Horse-42")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(
        lambda n: f"Муниципальное бюджетное общеобразовательное учреждение № {n}"
    )
    short_name = factory.Sequence(lambda n: f"МБОУ СОШ № {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    kind = Organisation.Kind.SCHOOL
    place = "г. Заречный"


class AuthorityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Управление образования округа № {n}")
    short_name = factory.Sequence(lambda n: f"УО округа № {n}")
    slug = factory.Sequence(lambda n: f"authority-{n}")
    kind = Organisation.Kind.AUTHORITY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    last_name = factory.Iterator(["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова"])
    first_name = factory.Iterator(["Анна", "Мария", "Елена", "Ольга", "Татьяна"])
    middle_name = factory.Iterator(["Сергеевна", "Ивановна", "Петровна", "Андреевна"])
    gender = Person.Gender.FEMALE
    kind = Person.Kind.STAFF
    position = "учитель"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.CURATOR


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    area = Topic.Area.METHODICAL
    name = factory.Sequence(lambda n: f"Направление {n}")


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    kind = Consent.Kind.PERSONAL_DATA
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class MenteeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeEntry

    person = factory.SubFactory(PersonFactory)
    category = MenteeEntry.Category.YOUNG_SPECIALIST


class MentorEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorEntry

    person = factory.SubFactory(PersonFactory)
    capacity = 2
    status = MentorEntry.Status.READY


class ProfessionalRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfessionalRequest

    person = factory.SubFactory(PersonFactory)
    difficulties = "Трудно удерживать дисциплину на уроках в 7-х классах."
    source = ProfessionalRequest.Source.QUESTIONNAIRE


class MentorQuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorQuestionnaire

    person = factory.SubFactory(PersonFactory)
    motivation = "Хочу помочь молодым коллегам войти в профессию."
    capacity = 2


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    organisation = factory.SubFactory(OrganisationFactory)
    date = factory.LazyFunction(timezone.localdate)
    topic = "Установочная сессия для наставников"


class MentoringFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringForm

    name = factory.Sequence(lambda n: f"Форма {n}")
    audience = MentoringForm.Audience.TEACHERS
    roles = "педагог — педагог"


class GroupFactory(factory.django.DjangoModelFactory):
    """A group made directly, without the rules of programmes.services.groups."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    mentor = factory.SubFactory(MentorEntryFactory)
    form = factory.SubFactory(MentoringFormFactory)
    status = Group.Status.ACTIVE

    @factory.post_generation
    def mentees(self, create, extracted, **kwargs):
        if create and extracted:
            self.mentees.set(extracted)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    group = factory.SubFactory(GroupFactory)
    title = "Программа адаптации молодого педагога"
    goal = "Помочь молодому специалисту освоить профессию и влиться в коллектив."
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=210))
    status = Programme.Status.ACTIVE


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    programme = factory.SubFactory(ProgrammeFactory)
    order = factory.Sequence(int)
    direction = "Методическая работа"
    activity = factory.Sequence(lambda n: f"Посещение урока наставника № {n}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
