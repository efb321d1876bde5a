"""Named personas shared by every test: one school with a user in each role, a second school
with its own curator, and the authority above both with its coordinator; and one object of each
kind in the school, for the URLs that need one."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from mentoring_site.school_year import SchoolYear
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
from roadmap.models import (
    Activity,
    AnnualReport,
    CalendarFeed,
    News,
    NormativeDocument,
    Order,
    PublicSection,
    Regulation,
    RegulationVersion,
    Roadmap,
    Stage,
)
from roadmap.models.reminders import unsubscribe_token
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
    roadmap: Roadmap | None = None  # the school's roadmap for this academic year
    stage: Stage | None = None  # its stage 5 (pairs), standard
    activity: Activity | None = None  # in the stage, with an evidence file
    draft_order: Order | None = None  # a pairs order for new_group, a draft
    sent_order: Order | None = None  # a pairs order for new_group, awaiting signature
    regulation: Regulation | None = None  # the Положение
    version: RegulationVersion | None = None  # its first version, a draft
    normative_document: NormativeDocument | None = None  # with a file
    calendar_token: str = ""  # the curator's calendar link
    # Set by the public_world fixture only:
    finished_programme: Programme | None = None  # completed, results published with a summary
    public_section: PublicSection | None = None  # the school's, open; the curator is the contact
    news: News | None = None  # published, with an image
    draft_news: News | None = None  # not published
    public_document: NormativeDocument | None = None  # published, with a file
    public_practice: Practice | None = None  # published, with a file
    annual_report: AnnualReport | None = None  # this school year's, with conclusions
    year: int = 0  # the first year of the current school year
    unsubscribe_token: str = ""  # the curator's «switch reminders off» link

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
    _roadmap(world)
    return world


@pytest.fixture
def public_world(world):
    """The world plus the school's public section and what it shows: a finished programme with
    published results, published news, documents and practices, the annual report. Separate from
    ``world``, whose counts many tests rely on."""
    _public(world)
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


def _roadmap(world):
    today = timezone.localdate()
    year = SchoolYear.of(today).start
    world.roadmap = Roadmap.objects.create(
        organisation=world.school,
        title="Дорожная карта наставничества",
        starts_on=datetime.date(year, 9, 1),
        ends_on=datetime.date(year + 1, 8, 31),
    )
    world.stage = Stage.objects.create(
        roadmap=world.roadmap,
        number=5,
        title="Организация и осуществление работы наставнических пар и групп",
        standard=Stage.Standard.PAIRS,
    )
    world.activity = Activity.objects.create(
        stage=world.stage,
        number=1,
        text="Закрепить наставнические пары приказом",
        deadline_kind=Activity.Deadline.MONTH,
        deadline=datetime.date(year, 10, 1),
        evidence_content_type="application/pdf",
    )
    world.activity.evidence_file.save("evidence.pdf", ContentFile(MINIMAL_PDF))
    # The mentor has agreed in writing to the additional duties: the pairs order can be signed.
    give_consent(world.people["mentor"], Consent.Kind.DUTIES)
    for status in (Order.Status.DRAFT, Order.Status.SENT):
        order = Order.objects.create(
            organisation=world.school,
            kind=Order.Kind.FIX_GROUPS,
            status=status,
            heading="О закреплении наставнических пар",
            preamble="В соответствии с Положением о системе наставничества",
            items="Закрепить наставнические пары согласно приложению.\n\n"
            "Контроль исполнения приказа оставляю за собой.",
            created_by=world.user("curator"),
        )
        order.groups.add(world.new_group)
    world.draft_order, world.sent_order = Order.objects.order_by("pk")
    world.regulation = Regulation.objects.create(
        organisation=world.school, title="Положение о системе наставничества"
    )
    world.version = RegulationVersion.objects.create(
        regulation=world.regulation, number=1, text="# Общие положения\n\nТекст положения."
    )
    world.normative_document = NormativeDocument.objects.create(
        organisation=world.school,
        level=NormativeDocument.Level.FEDERAL,
        title="Об образовании в Российской Федерации",
        file_content_type="application/pdf",
    )
    world.normative_document.file.save("law.pdf", ContentFile(MINIMAL_PDF))
    _feed, world.calendar_token = CalendarFeed.issue(world.user("curator"))


def tiny_png() -> bytes:
    """A real 2×2 PNG: an image that passes the content check."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _public(world):
    """The school's public section, open, with what a visitor may see, and what they may not."""
    world.year = world.roadmap.starts_on.year
    curator = world.people["curator"]
    give_consent(
        curator,
        Consent.Kind.PUBLICATION,
        published_fields=["full_name", "position", "email"],
    )
    world.public_section = PublicSection.objects.create(
        organisation=world.school,
        is_enabled=True,
        about="В школе действует система наставничества педагогических работников.",
        contact_person=curator,
        contact_email="nastavnik@school-1.example",
        embed_origins="https://school-1.example",
    )
    world.news = News.objects.create(
        organisation=world.school,
        title="Школа молодого педагога открыла сезон",
        body="Первое занятие прошло в методическом кабинете.",
        is_published=True,
        image_content_type="image/png",
        image_alt="Участники занятия",
        created_by=world.user("curator"),
    )
    world.news.image.save("photo.png", ContentFile(tiny_png()))
    world.draft_news = News.objects.create(
        organisation=world.school,
        title="Черновик: итоги конкурса наставников",
        body="Ещё не готово.",
        created_by=world.user("curator"),
    )
    world.public_document = NormativeDocument.objects.create(
        organisation=world.school,
        level=NormativeDocument.Level.FEDERAL,
        title="Распоряжение Минпросвещения России о методических рекомендациях",
        is_published=True,
        file_content_type="application/pdf",
    )
    world.public_document.file.save("rec.pdf", ContentFile(MINIMAL_PDF))
    world.public_practice = Practice.objects.create(
        organisation=world.school,
        title="Практика: взаимопосещение уроков",
        summary="Как организовать взаимопосещение уроков в паре.",
        is_published=True,
        published_on=timezone.localdate(),
        file_content_type="application/pdf",
    )
    world.public_practice.file.save("practice.pdf", ContentFile(MINIMAL_PDF))
    finished_group = GroupFactory(
        organisation=world.school,
        mentor=world.mentor_entry,
        mentees=[MenteeEntryFactory(person=PersonFactory(organisation=world.school))],
        form=world.form,
        status=Group.Status.FINISHED,
    )
    world.finished_programme = ProgrammeFactory(
        group=finished_group,
        title="Программа «Первый год в школе»",
        starts_on=timezone.localdate() - datetime.timedelta(days=280),
        ends_on=timezone.localdate() - datetime.timedelta(days=10),
        status=Programme.Status.COMPLETED,
        completion_reason=Programme.CompletionReason.DONE,
        completed_on=timezone.localdate() - datetime.timedelta(days=10),
        mentee_self_assessment="Личное: стало легче вести журнал.",
        mentor_review="Личное: нужна поддержка в работе с родителями.",
        curator_conclusion="Личное: рекомендовать к аттестации.",
        results_published=True,
        public_summary="Молодой педагог провёл открытый урок и вошёл в методическое объединение.",
    )
    world.annual_report = AnnualReport.objects.create(
        organisation=world.school,
        year=world.year,
        conclusions="Система наставничества работает; нужно больше групповых форм.",
        updated_by=world.user("curator"),
    )
    world.unsubscribe_token = unsubscribe_token(world.user("curator"))


@pytest.fixture
def curator_client(client, world):
    client.force_login(world.user("curator"))
    return client


@pytest.fixture
def today():
    return timezone.localdate()
