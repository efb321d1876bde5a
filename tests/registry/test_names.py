import pytest

from registry import names
from registry.models import Person

F, M = "female", "male"

# Nominative, then genitive | dative | accusative | instrumental, as a person would write them.
DECLENSIONS = [
    ("Кадиева Мадина Саидовна", F,
     "Кадиевой Мадины Саидовны | Кадиевой Мадине Саидовне | Кадиеву Мадину Саидовну | Кадиевой Мадиной Саидовной"),
    ("Батаева Айшат Хасановна", F,
     "Батаевой Айшат Хасановны | Батаевой Айшат Хасановне | Батаеву Айшат Хасановну | Батаевой Айшат Хасановной"),
    ("Косумова Луиза Умаровна", F,
     "Косумовой Луизы Умаровны | Косумовой Луизе Умаровне | Косумову Луизу Умаровну | Косумовой Луизой Умаровной"),
    ("Сулейманова Зарема Алиевна", F,
     "Сулеймановой Заремы Алиевны | Сулеймановой Зареме Алиевне | Сулейманову Зарему Алиевну | Сулеймановой Заремой Алиевной"),
    ("Батаева Хеда Усмановна", F,
     "Батаевой Хеды Усмановны | Батаевой Хеде Усмановне | Батаеву Хеду Усмановну | Батаевой Хедой Усмановной"),
    ("Ковалёва Наталья Сергеевна", F,
     "Ковалёвой Натальи Сергеевны | Ковалёвой Наталье Сергеевне | Ковалёву Наталью Сергеевну | Ковалёвой Натальей Сергеевной"),
    ("Ткаченко Людмила Фёдоровна", F,
     "Ткаченко Людмилы Фёдоровны | Ткаченко Людмиле Фёдоровне | Ткаченко Людмилу Фёдоровну | Ткаченко Людмилой Фёдоровной"),
    ("Гусейнова Эльмира Рашидовна", F,
     "Гусейновой Эльмиры Рашидовны | Гусейновой Эльмире Рашидовне | Гусейнову Эльмиру Рашидовну | Гусейновой Эльмирой Рашидовной"),
    ("Шевчук Ольга Ивановна", F,
     "Шевчук Ольги Ивановны | Шевчук Ольге Ивановне | Шевчук Ольгу Ивановну | Шевчук Ольгой Ивановной"),
    ("Белых Анна Петровна", F,
     "Белых Анны Петровны | Белых Анне Петровне | Белых Анну Петровну | Белых Анной Петровной"),
    ("Хабибуллина Гульнара Маратовна", F,
     "Хабибуллиной Гульнары Маратовны | Хабибуллиной Гульнаре Маратовне | Хабибуллину Гульнару Маратовну | Хабибуллиной Гульнарой Маратовной"),
    ("Миронов Андрей Викторович", M,
     "Миронова Андрея Викторовича | Миронову Андрею Викторовичу | Миронова Андрея Викторовича | Мироновым Андреем Викторовичем"),
    ("Хабибуллин Ренат Маратович", M,
     "Хабибуллина Рената Маратовича | Хабибуллину Ренату Маратовичу | Хабибуллина Рената Маратовича | Хабибуллиным Ренатом Маратовичем"),
    ("Шевчук Роман Олегович", M,
     "Шевчука Романа Олеговича | Шевчуку Роману Олеговичу | Шевчука Романа Олеговича | Шевчуком Романом Олеговичем"),
    ("Садулаев Ахмед Лечаевич", M,
     "Садулаева Ахмеда Лечаевича | Садулаеву Ахмеду Лечаевичу | Садулаева Ахмеда Лечаевича | Садулаевым Ахмедом Лечаевичем"),
    ("Дудаев Муса Хасанович", M,
     "Дудаева Мусы Хасановича | Дудаеву Мусе Хасановичу | Дудаева Мусу Хасановича | Дудаевым Мусой Хасановичем"),
    ("Кузьмин Артём Владимирович", M,
     "Кузьмина Артёма Владимировича | Кузьмину Артёму Владимировичу | Кузьмина Артёма Владимировича | Кузьминым Артёмом Владимировичем"),
    ("Толстой Лев Николаевич", M,
     "Толстого Льва Николаевича | Толстому Льву Николаевичу | Толстого Льва Николаевича | Толстым Львом Николаевичем"),
    ("Ильин Никита Сергеевич", M,
     "Ильина Никиты Сергеевича | Ильину Никите Сергеевичу | Ильина Никиту Сергеевича | Ильиным Никитой Сергеевичем"),
    ("Черных Илья Ильич", M,
     "Черных Ильи Ильича | Черных Илье Ильичу | Черных Илью Ильича | Черных Ильёй Ильичом"),
    ("Кадыров Ислам Русланович", M,
     "Кадырова Ислама Руслановича | Кадырову Исламу Руслановичу | Кадырова Ислама Руслановича | Кадыровым Исламом Руслановичем"),
    ("Пономарёв Егор Дмитриевич", M,
     "Пономарёва Егора Дмитриевича | Пономарёву Егору Дмитриевичу | Пономарёва Егора Дмитриевича | Пономарёвым Егором Дмитриевичем"),
]  # fmt: skip


def person(full_name, gender, **fields):
    last, first, middle = full_name.split()
    return Person(last_name=last, first_name=first, middle_name=middle, gender=gender, **fields)


@pytest.mark.parametrize(("full_name", "gender", "expected"), DECLENSIONS)
def test_names_are_declined_in_every_case(full_name, gender, expected):
    someone = person(full_name, gender)
    assert [someone.name_in(case) for case in names.CASES] == expected.split(" | ")


def test_the_short_form_follows_the_case():
    someone = person("Кадиева Мадина Саидовна", F)
    assert someone.short_name == "Кадиева М. С."
    assert someone.short_name_in(names.ACCUSATIVE) == "Кадиеву М. С."
    assert someone.short_name_in(names.DATIVE) == "Кадиевой М. С."


def test_a_manual_override_wins_over_petrovich_in_its_case_only():
    someone = person("Ли Виктория Сергеевна", F, name_genitive="Ли Виктории Сергеевны")
    assert someone.name_in(names.GENITIVE) == "Ли Виктории Сергеевны"
    assert someone.short_name_in(names.GENITIVE) == "Ли В. С."
    assert someone.name_in(names.DATIVE) == names.decline(
        "Ли", "Виктория", "Сергеевна", gender=F, case=names.DATIVE
    )


def test_an_override_must_name_every_part_of_the_name(world):
    someone = world.person
    someone.name_dative = "Беловой"
    with pytest.raises(Exception, match="полностью"):
        someone.full_clean()


def test_hyphenated_names_and_patronymic_particles_abbreviate_properly():
    assert names.short("Саидова Сайд-Эми Руслановна") == "Саидова С.-Э. Р."
    assert names.short("Мамедов Али Ахмед оглы") == "Мамедов А. А."
    assert names.short("Шевчук Роман") == "Шевчук Р."


def test_the_persons_page_shows_every_case_and_marks_overrides(curator_client, world):
    world.person.name_accusative = "Белову Ирину Петровну"
    world.person.save()
    response = curator_client.get(world.person.get_absolute_url())
    html = response.content.decode()
    assert "Беловой Ирины Петровны" in html
    assert "Беловой Ирине Петровне" in html
    assert "Беловой И. П." in html
    assert "вручную" in html


def test_the_curator_corrects_a_declension(curator_client, world):
    url = f"/o/{world.school.slug}/people/{world.person.pk}/names/"
    response = curator_client.post(url, {"name_instrumental": "  Беловой  Ириной Петровной "})
    assert response.status_code == 302
    world.person.refresh_from_db()
    assert world.person.name_instrumental == "Беловой Ириной Петровной"
    response = curator_client.post(url, {"name_genitive": "Беловой"})
    assert "полностью" in response.content.decode()


def test_an_anonymised_name_keeps_its_number_in_the_short_form():
    assert names.short("Участник № 17") == "Участник № 17"
