"""The standard monitoring questionnaires, as data.

Stage 1 asks mentors and mentees about the quality of the programme; stage 2 about their
growth, each competency rated «до» and «после» the programme. Answers are stored in
``SurveyResponse.answers`` by question key: a scale as an int 1–10 (a before/after pair as
``{"before": n, "after": m}``), an open question as text.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

SCALE_MIN, SCALE_MAX = 1, 10


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str  # "scale" (1–10) or "text"
    before_after: bool = False  # a scale answered twice: before and after the programme
    short: str = ""  # a column heading in the reports; the text when empty

    @property
    def heading(self):
        return self.short or self.text

    @property
    def is_scale(self):
        return self.kind == "scale"


@dataclass(frozen=True)
class Survey:
    title: str
    audience: str  # "mentee" or "mentor": which side of the group answers it
    stage: str  # "quality" or "growth"
    questions: list[Question] = field(default_factory=list)

    @property
    def scales(self):
        return [question for question in self.questions if question.is_scale]

    @property
    def open_questions(self):
        return [question for question in self.questions if not question.is_scale]


STAGES = {"quality": _("Этап 1. Качество программы"), "growth": _("Этап 2. Рост участников")}
AUDIENCES = {"mentee": _("наставляемый"), "mentor": _("наставник")}


def _growth(*competencies, open_question):
    """Competencies as (key, statement, short heading), each rated before and after."""
    return [
        Question(key, text, "scale", before_after=True, short=short)
        for key, text, short in competencies
    ] + [Question("comment", open_question, "text")]


def _quality(usefulness, regularity, goals, relationship, helped, improve):
    """The four quality scales and two open questions both sides answer, in their words."""
    return [
        Question("usefulness", usefulness, "scale", short=_("Польза")),
        Question("regularity", regularity, "scale", short=_("Регулярность встреч")),
        Question("goals", goals, "scale", short=_("Ясность целей")),
        Question("relationship", relationship, "scale", short=_("Взаимодействие")),
        Question("helped", helped, "text"),
        Question("improve", improve, "text"),
    ]


SURVEYS = {
    "mentee_quality": Survey(
        _("Анкета наставляемого: качество программы"),
        "mentee",
        "quality",
        _quality(
            _("Насколько полезной для вас оказалась программа?"),
            _("Насколько регулярно проходили встречи с наставником?"),
            _("Насколько понятны были цели и задачи программы?"),
            _("Насколько комфортно вам работалось с наставником?"),
            _("Что помогло вам больше всего?"),
            _("Что стоит изменить или добавить?"),
        ),
    ),
    "mentor_quality": Survey(
        _("Анкета наставника: качество программы"),
        "mentor",
        "quality",
        _quality(
            _("Насколько полезной программа оказалась для наставляемого?"),
            _("Насколько регулярно проходили встречи?"),
            _("Насколько ясно были поставлены цели и задачи?"),
            _("Насколько удалось наладить доверие с наставляемым?"),
            _("Что помогло в работе больше всего?"),
            _("Что стоит изменить в организации наставничества?"),
        ),
    ),
    "mentee_growth": Survey(
        _("Анкета наставляемого: мой профессиональный рост"),
        "mentee",
        "growth",
        _growth(
            ("planning", _("Планирую уроки и рабочую программу"), _("Планирование уроков")),
            ("classroom", _("Управляю классом и удерживаю дисциплину"), _("Управление классом")),
            ("parents", _("Работаю с родителями"), _("Работа с родителями")),
            (
                "technology",
                _("Применяю современные технологии и цифровые ресурсы"),
                _("Технологии"),
            ),
            ("confidence", _("Уверенно чувствую себя в профессии"), _("Уверенность")),
            open_question=_("Что изменилось в вашей работе благодаря программе?"),
        ),
    ),
    "mentor_growth": Survey(
        _("Анкета наставника: мой рост как наставника"),
        "mentor",
        "growth",
        _growth(
            (
                "support",
                _("Умею выявлять затруднения коллеги и помогать с ними"),
                _("Помощь в затруднениях"),
            ),
            ("feedback", _("Даю полезную обратную связь после уроков"), _("Обратная связь")),
            ("planning", _("Составляю и веду план работы с наставляемым"), _("План работы")),
            ("sharing", _("Обобщаю и передаю свой опыт"), _("Передача опыта")),
            ("confidence", _("Уверенно чувствую себя в роли наставника"), _("Уверенность")),
            open_question=_("Чему вы сами научились, работая наставником?"),
        ),
    ),
}
