from registry.models import Person


def test_short_name_prints_surname_and_initials():
    person = Person(last_name="Кадиева", first_name="Мадина", middle_name="Саидовна")
    assert person.short_name == "Кадиева М. С."
    assert person.full_name == "Кадиева Мадина Саидовна"


def test_short_name_without_a_middle_name():
    assert Person(last_name="Шевчук", first_name="Роман").short_name == "Шевчук Р."
