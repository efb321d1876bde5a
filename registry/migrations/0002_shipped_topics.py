"""The catalogue of professional directions shipped with the product (editable afterwards)."""

from django.db import migrations

TOPICS = {
    "subject": [
        "Содержание преподаваемого предмета",
        "Подготовка обучающихся к ОГЭ и ЕГЭ",
        "Работа с одарёнными детьми и олимпиадами",
        "Функциональная грамотность обучающихся",
    ],
    "methodical": [
        "Планирование урока и рабочей программы по ФГОС",
        "Современные образовательные технологии",
        "Оценивание образовательных результатов",
        "Проектная и исследовательская деятельность",
        "Подготовка к аттестации",
        "Самообразование и обобщение опыта",
    ],
    "psychological": [
        "Дисциплина и управление классом",
        "Мотивация обучающихся",
        "Профилактика профессионального выгорания",
        "Возрастные особенности обучающихся",
    ],
    "communicative": [
        "Общение с коллегами и администрацией",
        "Разрешение конфликтов",
        "Публичные выступления",
    ],
    "legal": [
        "Нормативные документы и локальные акты",
        "Ведение школьной документации",
    ],
    "digital": [
        "Электронный журнал и информационные системы",
        "Цифровые образовательные ресурсы и платформы",
        "Дистанционное обучение",
    ],
    "upbringing": [
        "Классное руководство",
        "Воспитательные мероприятия и внеурочная деятельность",
    ],
    "inclusion": [
        "Обучение детей с ОВЗ и инвалидностью",
        "Адаптированные образовательные программы",
    ],
    "parents": [
        "Взаимодействие с родителями",
        "Родительские собрания",
    ],
    "students": [
        "Успеваемость и учебная мотивация",
        "Профориентация",
        "Проекты, конкурсы и олимпиады",
        "Адаптация в новом коллективе",
        "Лидерство и школьное самоуправление",
    ],
}


def add_topics(apps, schema_editor):
    Topic = apps.get_model("registry", "Topic")
    Topic.objects.bulk_create(
        [Topic(area=area, name=name) for area, names in TOPICS.items() for name in names],
        ignore_conflicts=True,
    )


def remove_topics(apps, schema_editor):
    Topic = apps.get_model("registry", "Topic")
    for area, names in TOPICS.items():
        Topic.objects.filter(organisation=None, area=area, name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
