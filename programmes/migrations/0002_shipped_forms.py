"""The catalogue of forms of mentoring shipped with the product: the common forms, the forms by
roles for teaching staff, and the students' forms. A school adds its own beside them."""

from django.db import migrations

TEACHERS, STUDENTS = "teachers", "students"

# (audience, name, roles, is_group, description)
FORMS = [
    (
        TEACHERS,
        "Традиционная (один на один)",
        "",
        False,
        "Опытный педагог и начинающий коллега работают вдвоём долгое время по общему плану.",
    ),
    (
        TEACHERS,
        "Групповая",
        "",
        True,
        "Один наставник одновременно ведёт двух и более наставляемых со схожими запросами.",
    ),
    (
        TEACHERS,
        "Виртуальная (дистанционная)",
        "",
        False,
        "Наставник и наставляемый общаются на расстоянии: видеосвязь, платформы дистанционного "
        "обучения, сетевые педагогические сообщества.",
    ),
    (
        TEACHERS,
        "Краткосрочная или целеполагающая",
        "",
        False,
        "Встречи по согласованному графику, на которых ставятся конкретные цели, а между "
        "встречами наставляемый сам добивается результата.",
    ),
    (
        TEACHERS,
        "Реверсивная",
        "",
        False,
        "Младший по возрасту коллега помогает опытному освоить новые технологии, а опытный "
        "делится методикой и организацией учебного процесса.",
    ),
    (
        TEACHERS,
        "Ситуационная",
        "",
        False,
        "Наставник помогает и консультирует сразу, как только у наставляемого возникает "
        "важная для него ситуация.",
    ),
    (
        TEACHERS,
        "Скоростная",
        "",
        True,
        "Разовая встреча одного или нескольких наставляемых с признанным профессионалом, чтобы "
        "обменяться опытом и наметить цели своего развития.",
    ),
    (
        TEACHERS,
        "Наставничество среди педагогов",
        "педагог — педагог",
        False,
        "Опытный учитель поддерживает коллегу, которому нужна помощь в профессии или на новом "
        "месте.",
    ),
    (
        TEACHERS,
        "Наставничество руководителя",
        "руководитель — педагог",
        False,
        "Руководитель школы создаёт педагогу условия для роста и вместе с ним совершенствует "
        "образовательный процесс.",
    ),
    (
        TEACHERS,
        "Наставничество работодателя",
        "работодатель — студент",
        False,
        "Представитель предприятия или школы знакомит студента с будущей профессией на практике.",
    ),
    (
        TEACHERS,
        "Сопровождение вузом или колледжем",
        "педагог вуза или колледжа — молодой педагог",
        False,
        "Преподаватель вуза или колледжа помогает вчерашнему выпускнику закрепиться в школе.",
    ),
    (
        STUDENTS,
        "Взаимная помощь учеников",
        "ученик — ученик",
        False,
        "Успешный в учёбе или общественной жизни ученик поддерживает сверстника или младшего.",
    ),
    (
        STUDENTS,
        "Школьное наставничество учителя",
        "учитель — ученик",
        False,
        "Учитель помогает ученику раскрыть способности, выбрать образовательный путь и "
        "справиться с трудностями.",
    ),
    (
        STUDENTS,
        "Наставничество студента",
        "студент — ученик",
        False,
        "Студент вуза или колледжа делится с учеником опытом учёбы и помогает с выбором профессии.",
    ),
    (
        STUDENTS,
        "Профессиональные пробы с работодателем",
        "работодатель — ученик",
        False,
        "Специалист предприятия показывает ученику профессию изнутри и ведёт с ним проект.",
    ),
]


def add_forms(apps, schema_editor):
    MentoringForm = apps.get_model("programmes", "MentoringForm")
    for audience, name, roles, is_group, description in FORMS:
        MentoringForm.objects.get_or_create(
            organisation=None,
            audience=audience,
            name=name,
            defaults={"roles": roles, "is_group": is_group, "description": description},
        )


def remove_forms(apps, schema_editor):
    MentoringForm = apps.get_model("programmes", "MentoringForm")
    for audience, name, *_ in FORMS:
        MentoringForm.objects.filter(organisation=None, audience=audience, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(add_forms, remove_forms)]
