"""The demo school's public «Наставничество» section: open, with its text and contacts, news and
announcements (a draft and one scheduled among them), the results of the finished programme,
two practices of the methodical bank and the normative documents published.

Dates count from ``today``, so the demo shows the same on any day of the year. Loading twice
changes nothing: the news are written only while the school has none.
"""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone

from programmes.models import Practice, Programme
from programmes.services.practices import practice_create
from registry.models import Consent, Organisation, Person
from roadmap.models import News, PublicSection

DAY = datetime.timedelta(days=1)

ABOUT = """\
В школе действует система наставничества педагогических работников. Её задача — помочь молодым \
учителям и тем, кто пришёл к нам недавно, быстрее освоиться в профессии и в коллективе, а \
опытным коллегам — поделиться своим мастерством.

Каждый наставляемый вместе с наставником составляет персонализированную программу на срок от \
трёх месяцев до года. Пары и группы закрепляются приказом директора, работу координирует \
куратор системы наставничества.

Итоги программ мы публикуем только после их завершения. Сведения о наставниках размещаются с их \
письменного согласия."""

# (kind, days before today it was published (negative: scheduled), title, lead, body,
#  days from today to the event, with an illustration)
NEWS = [
    (News.Kind.NEWS, 3, "Школа молодого педагога открыла новый сезон",
     "Молодые учителя и их наставники встретились на первом занятии года.",
     "Первое занятие школы молодого педагога прошло в методическом кабинете. Наставники "
     "рассказали, как устроен учебный год, и ответили на вопросы о рабочих программах и "
     "электронном журнале.\n\nСледующее занятие будет посвящено управлению классом.",
     None, True),
    (News.Kind.ANNOUNCEMENT, 6, "Открытые уроки наставников",
     "Приглашаем молодых коллег на открытые уроки математики и физики.",
     "Наставники проведут серию открытых уроков. После каждого урока — разбор: что получилось, "
     "какие приёмы можно взять в свою работу.\n\nЗапись у куратора системы наставничества.",
     12, False),
    (News.Kind.NEWS, 20, "Наставники прошли установочную сессию",
     "Шесть педагогов изучили роль наставника и порядок составления программ.",
     "На установочной сессии наставники обсудили, как выявить профессиональные затруднения "
     "молодого коллеги и как составить персонализированную программу наставничества.",
     None, False),
    (News.Kind.ANNOUNCEMENT, 34, "Конкурс «Наставник года»",
     "В школе объявлен конкурс профессионального мастерства наставников.",
     "Конкурс проводится по приказу директора. Наставники представляют опыт работы пары или "
     "группы, наставляемые — открытый урок. Итоги будут опубликованы в этом разделе.",
     None, False),
    (News.Kind.NEWS, -5, "Итоги первой четверти в наставнических парах",
     "Как прошла первая четверть у молодых педагогов и их наставников.",
     "Материал будет опубликован после заседания методического совета.",
     None, False),
]  # fmt: skip
DRAFT = (
    "Черновик: фотоотчёт о взаимопосещении уроков",
    "Текст готовится: нужно собрать фотографии и согласия на их публикацию.",
)

RESULTS_SUMMARY = (
    "Молодой учитель химии за год освоил подготовку девятиклассников к ОГЭ: провёл "
    "диагностику, составил индивидуальные маршруты и три пробных экзамена.\n\n"
    "Итог — открытый урок для методического объединения и самостоятельная работа с "
    "выпускными классами."
)
MEMO = (
    "Памятка молодому педагогу: первый месяц в школе",
    "Что сделать в первые недели работы: документы, журнал, знакомство с классом, к кому "
    "обращаться за помощью.",
)


def load(school: Organisation, *, today: datetime.date, curator) -> None:
    contact = Person.objects.get(organisation=school, user=curator)
    _publication_consent(contact, today=today, curator=curator)
    PublicSection.objects.update_or_create(
        organisation=school,
        defaults={
            "is_enabled": True,
            "about": ABOUT,
            "contact_person": contact,
            "contact_role": "Куратор системы наставничества",
            "contact_email": "nastavnichestvo@school1.zarechny.example.ru",
            "contact_phone": "+7 (34377) 3-20-14",
            "contact_hours": "Вторник и четверг, 14:00–17:00, кабинет 21",
            "embed_origins": "https://school.example",
        },
    )
    if not News.objects.filter(organisation=school).exists():
        _news(school, curator=curator)
    school.normative_documents.filter(is_published=False).update(is_published=True)
    _results(school)
    _practices(school, today=today, curator=curator)


def _publication_consent(person: Person, *, today, curator) -> None:
    """The curator agrees to have her name, position and work email on the site."""
    if not person.consents.filter(kind=Consent.Kind.PUBLICATION).exists():
        Consent.objects.create(
            person=person,
            kind=Consent.Kind.PUBLICATION,
            given_on=today - 60 * DAY,
            published_fields=["full_name", "position", "email"],
            recorded_by=curator,
        )


def _news(school, *, curator) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    for kind, days_ago, title, lead, body, event_in, illustrated in NEWS:
        news = News.objects.create(
            organisation=school,
            kind=kind,
            title=title,
            lead=lead,
            body=body,
            event_on=today + event_in * DAY if event_in else None,
            is_published=True,
            published_at=now - days_ago * DAY,
            created_by=curator,
        )
        if illustrated:
            news.image_content_type = "image/png"
            news.image_alt = "Наставник и молодой педагог за столом с планом работы"
            news.image.save("illustration.png", ContentFile(_illustration()))
    title, body = DRAFT
    News.objects.create(organisation=school, title=title, body=body, created_by=curator)


def _illustration() -> bytes:
    """A simple drawn picture (no photographs of people in the demo)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 320), (235, 241, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 190, 520, 215), fill=(120, 85, 60))
    draw.ellipse((150, 90, 230, 170), fill=(31, 78, 121))
    draw.ellipse((410, 100, 480, 170), fill=(46, 125, 50))
    draw.rectangle((250, 150, 390, 188), fill=(255, 255, 255), outline=(80, 80, 80), width=3)
    for row in range(3):
        y = 160 + row * 9
        draw.line((262, y, 378, y), fill=(120, 120, 120), width=2)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _results(school) -> None:
    """The finished programme's results go on the site, told without names."""
    for programme in Programme.objects.filter(
        group__organisation=school, status=Programme.Status.COMPLETED, results_published=False
    ):
        programme.results_published, programme.public_summary = True, RESULTS_SUMMARY
        programme.save(update_fields=["results_published", "public_summary", "updated_at"])


def _practices(school, *, today, curator) -> None:
    title, summary = MEMO
    if Practice.objects.filter(organisation=school, title=title).exists():
        return
    practice_create(
        organisation=school,
        created_by=curator,
        title=title,
        kind=Practice.Kind.MATERIAL,
        summary=summary,
        file=ContentFile(_memo_pdf(title, summary), name="pamyatka.pdf"),
        is_published=True,
    )


def _memo_pdf(title: str, summary: str) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    html = (
        '<html lang="ru"><body style="font-family: serif; font-size: 14pt">'
        f"<h1>{escape(title)}</h1><p>{escape(summary)}</p>"
        "<ol><li>Изучите рабочую программу и календарно-тематический план.</li>"
        "<li>Познакомьтесь с наставником и договоритесь о встречах.</li>"
        "<li>Посетите два урока коллег и запишите, что хочется попробовать.</li></ol>"
        "</body></html>"
    )
    return HTML(string=html).write_pdf()
