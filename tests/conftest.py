"""Named personas shared by every test: one school with a user in each role, a second school
with its own curator, and the authority above both with its coordinator; and one object of each
kind in the school, for the URLs that need one."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from programmes.models import Group, MentoringForm, PlanItem, Practice, Programme
from registry.models import (
    Consent,
    Membership,
    MenteeEntry,
    MentorEntry,
    MentorQuestionnaire,
    Organisation,
    Person,
    PersonalLink,
    ProfessionalRequest,
    Topic,
    TrainingSession,
)
from tests.factories import (
    AuthorityFactory,
    ConsentFactory,
    GroupFactory,
    MembershipFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    MentoringFormFactory,
    MentorQuestionnaireFactory,
    OrganisationFactory,
    PersonFactory,
    PlanItemFactory,
    ProfessionalRequestFactory,
    ProgrammeFactory,
    TopicFactory,
    TrainingSessionFactory,
    UserFactory,
)

Role = Membership.Role

PERSONAS = [
    "anonymous",
    "director",
    "curator",
    "working_group",
    "mentor",
    "mentee",
    "coordinator",
    "other_curator",
    "superuser",
]

# The smallest file that is a PDF by its content: a consent scan for the tests.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class World:
    authority: Organisation
    school: Organisation
    other_school: Organisation
    person: Person  # someone in the school's registry without a login
    users: dict
    people: dict = field(default_factory=dict)  # persona → their person record in the school
    topic: Topic | None = None  # the school's own topic
    consent: Consent | None = None  # the person's personal-data consent, with a scan
    mentee_entry: MenteeEntry | None = None  # the mentee persona's entry
    mentor_entry: MentorEntry | None = None  # the mentor persona's entry
    professional_request: ProfessionalRequest | None = None  # a new one, from the mentee
    questionnaire: MentorQuestionnaire | None = None  # a new one, from the person
    training: TrainingSession | None = None
    link: PersonalLink | None = None  # a usable personal link for the person
    link_token: str = ""
    form: MentoringForm | None = None  # the school's own form of mentoring
    group: Group | None = None  # active: the mentor persona with the mentee persona
    programme: Programme | None = None  # the group's programme, with one plan item
    item: PlanItem | None = None  # with an evidence file
    other_mentee: MenteeEntry | None = None  # waiting, with a consent
    new_group: Group | None = None  # proposed: the mentor persona with other_mentee, no programme
    practice: Practice | None = None  # in the methodical bank, with a file

    def user(self, persona):
        return self.users[persona]


def give_consent(person, kind=Consent.Kind.PERSONAL_DATA, **fields):
    return ConsentFactory(person=person, kind=kind, **fields)


@pytest.fixture
def world(db):
    authority = AuthorityFactory(short_name="УО Заречного округа", slug="zarechny")
    school = OrganisationFactory(parent=authority, short_name="МБОУ СОШ № 1", slug="school-1")
    other_school = OrganisationFactory(
        parent=authority, short_name="МКОУ «Берёзовская ООШ»", slug="berezovka"
    )
    users = {"anonymous": None}
    people = {}
    for persona, organisation, last_name in [
        ("director", school, "Миронов"),
        ("curator", school, "Ковалёва"),
        ("working_group", school, "Гусейнова"),
        ("mentor", school, "Савельева"),
        ("mentee", school, "Зайцева"),
        ("coordinator", authority, None),
    ]:
        user = MembershipFactory(
            user__username=persona, organisation=organisation, role=persona
        ).user
        users[persona] = user
        if last_name:
            people[persona] = PersonFactory(organisation=school, last_name=last_name, user=user)
    users["other_curator"] = MembershipFactory(
        user__username="other_curator", organisation=other_school, role=Role.CURATOR
    ).user
    users["superuser"] = UserFactory(username="superuser", is_staff=True, is_superuser=True)
    person = PersonFactory(
        organisation=school, last_name="Белова", first_name="Ирина", middle_name="Петровна"
    )
    world = World(authority, school, other_school, person, users, people)

    for someone in [person, *people.values()]:
        give_consent(someone)
    world.consent = person.consents.get()
    world.consent.scan_content_type = "application/pdf"
    world.consent.scan.save("scan.pdf", ContentFile(MINIMAL_PDF))

    world.topic = TopicFactory(organisation=school, name="Работа с интерактивной доской")
    world.mentee_entry = MenteeEntryFactory(person=people["mentee"])
    world.mentor_entry = MentorEntryFactory(person=people["mentor"])
    world.mentor_entry.competencies.add(world.topic)
    world.professional_request = ProfessionalRequestFactory(person=people["mentee"])
    world.questionnaire = MentorQuestionnaireFactory(person=person)
    world.training = TrainingSessionFactory(organisation=school)
    world.training.attendees.add(people["mentor"])
    world.link, world.link_token = PersonalLink.issue(
        person=person,
        purpose=PersonalLink.Purpose.REQUESTS,
        created_by=users["curator"],
        lifetime=datetime.timedelta(days=14),
    )
    _programmes(world)
    return world


def _programmes(world):
    world.form = MentoringFormFactory(
        organisation=world.school, name="Педагог — молодой специалист"
    )
    world.group = GroupFactory(
        organisation=world.school,
        mentor=world.mentor_entry,
        mentees=[world.mentee_entry],
        form=world.form,
    )
    world.programme = ProgrammeFactory(group=world.group)
    world.item = PlanItemFactory(programme=world.programme, evidence_content_type="application/pdf")
    world.item.evidence.save("evidence.pdf", ContentFile(MINIMAL_PDF))
    someone = PersonFactory(organisation=world.school, last_name="Лебедева")
    give_consent(someone)
    world.other_mentee = MenteeEntryFactory(person=someone)
    world.new_group = GroupFactory(
        organisation=world.school,
        mentor=world.mentor_entry,
        mentees=[world.other_mentee],
        form=world.form,
        status=Group.Status.PROPOSED,
    )
    world.practice = Practice.objects.create(
        organisation=world.school,
        title="Кейс: первый родительский вечер",
        summary="Как провести первое родительское собрание молодому классному руководителю.",
        programme=world.programme,
        file_content_type="application/pdf",
    )
    world.practice.file.save("case.pdf", ContentFile(MINIMAL_PDF))


@pytest.fixture
def curator_client(client, world):
    client.force_login(world.user("curator"))
    return client


@pytest.fixture
def today():
    return timezone.localdate()
