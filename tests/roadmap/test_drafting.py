"""Drafting orders from the data: the texts of each kind, with every name in its case."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from programmes.models import Group
from roadmap.models import Order, OrderPerson, Regulation, RegulationVersion, Roadmap
from roadmap.services import orders as services
from roadmap.services.drafting import (
    order_delete,
    order_draft,
    order_redraft,
    order_update,
    staff_in_role,
)
from roadmap.services.orders import OrderError
from tests.factories import GroupFactory, MenteeEntryFactory, MentorEntryFactory, PersonFactory

Role = OrderPerson.Role


def rename(person, last, first, middle, gender="female", position=""):
    person.last_name, person.first_name, person.middle_name = last, first, middle
    person.gender, person.position = gender, position
    person.save()
    return person


@pytest.fixture
def named(world):
    """The personas with names and positions the assertions can spell out."""
    rename(world.people["mentor"], "Савельева", "Светлана", "Сергеевна", position="учитель")
    rename(world.people["curator"], "Ковалёва", "Елена", "Андреевна", position="методист")
    rename(world.other_mentee.person, "Лебедева", "Анна", "Олеговна", position="учитель")
    return world


def draft(world, kind, **fields):
    return order_draft(
        organisation=world.school, kind=kind, created_by=world.user("curator"), **fields
    )


def test_the_curator_and_working_group_are_found_through_their_logins(world):
    assert list(staff_in_role(world.school, "curator")) == [world.people["curator"]]
    assert list(staff_in_role(world.school, "working_group")) == [world.people["working_group"]]


def test_it_drafts_the_approval_order_with_declined_names_and_the_annexes(named):
    world = named
    coordinator = PersonFactory(
        organisation=world.school,
        last_name="Кадиева",
        first_name="Мадина",
        middle_name="Саидовна",
        position="заместитель директора по УВР",
    )
    head = PersonFactory(
        organisation=world.school,
        last_name="Батаев",
        first_name="Аслан",
        middle_name="Хасанович",
        gender="male",
        position="руководитель ШМО",
    )
    version = world.version
    version.considered_protocol, version.considered_on = "1", datetime.date(2023, 8, 30)
    version.agreed_by = "с первичной профсоюзной организацией"
    version.agreed_protocol, version.agreed_on = "1", datetime.date(2023, 8, 25)
    version.effective_from = datetime.date(2023, 9, 1)
    version.save()
    order = draft(
        world,
        Order.Kind.APPROVE_SYSTEM,
        roadmap=world.roadmap,
        regulation_version=version,
        people=[
            (coordinator, Role.COORDINATOR, ""),
            (world.people["curator"], Role.CURATOR, ""),
            (head, Role.WORKING_GROUP_HEAD, ""),
            (coordinator, Role.WORKING_GROUP, ""),
            (world.people["working_group"], Role.WORKING_GROUP, "учитель истории"),
        ],
    )
    assert order.status == Order.Status.DRAFT
    assert order.heading == (
        "О внедрении системы наставничества педагогических работников в МБОУ СОШ № 1"
    )
    assert "на педагогическом совете (протокол № 1 от 30 августа 2023 г.)" in order.preamble
    assert "согласования с первичной профсоюзной организацией (протокол № 1" in order.preamble
    items = order.item_list
    assert items[0][0] == "Утвердить и ввести в действие с 1 сентября 2023 г. прилагаемые:"
    assert items[0][1] == "— Положение о системе наставничества (приложение 1);"
    assert items[0][2].startswith("— план мероприятий (дорожную карту)")
    assert items[0][2].endswith("(приложение 2).")
    assert items[1] == [
        "Назначить Кадиеву М. С. (заместитель директора по УВР) координатором внедрения "
        "системы наставничества педагогических работников в МБОУ СОШ № 1."
    ]
    assert items[2][0].startswith("Назначить Ковалёву Е. А. (методист) куратором")
    group = items[3]
    assert group[1:] == [
        "руководитель рабочей группы:",
        "Батаев А. Х. — руководитель ШМО;",
        "члены рабочей группы:",
        "Кадиева М. С. — заместитель директора по УВР;",
        f"{world.people['working_group'].short_name} — учитель истории.",
    ]
    assert items[-1] == ["Контроль исполнения приказа оставляю за собой."]
    assert order.people.count() == 5


def test_a_male_coordinator_is_declined_as_a_man(world):
    coordinator = PersonFactory(
        organisation=world.school,
        last_name="Батаев",
        first_name="Аслан",
        middle_name="Хасанович",
        gender="male",
    )
    order = draft(
        world,
        Order.Kind.APPROVE_SYSTEM,
        roadmap=world.roadmap,
        people=[(coordinator, Role.COORDINATOR, "")],
    )
    assert "Назначить Батаева А. Х. (учитель) координатором" in order.items


def test_a_students_roadmap_speaks_of_the_target_model(world):
    world.roadmap.model = Roadmap.Model.STUDENTS
    world.roadmap.save()
    order = draft(world, Order.Kind.APPROVE_SYSTEM, roadmap=world.roadmap)
    assert order.heading == "О внедрении целевой модели наставничества обучающихся в МБОУ СОШ № 1"
    assert "(приложение 1)." in order.items  # only the roadmap: it is the first annex


def test_it_drafts_the_pairs_order_naming_the_curator_in_the_dative(named):
    order = draft(named, Order.Kind.FIX_GROUPS, groups=[named.new_group])
    assert order.heading == "О закреплении наставнических пар (групп)"
    assert order.preamble.startswith("В соответствии с Положением о системе наставничества")
    assert "письменного согласия наставников" in order.preamble
    assert order.item_list == [
        [
            "Закрепить наставнические пары (группы) в составе согласно приложению к "
            "настоящему приказу."
        ],
        [
            "Наставникам в течение месяца со дня издания приказа составить совместно с "
            "наставляемыми персонализированные программы наставничества и представить их "
            "куратору."
        ],
        [
            "Куратору Ковалёвой Е. А. обеспечить организационное и методическое сопровождение "
            "работы наставнических пар (групп) и мониторинг выполнения персонализированных "
            "программ наставничества."
        ],
        ["Контроль исполнения приказа оставляю за собой."],
    ]
    assert list(order.groups.all()) == [named.new_group]


def test_the_pairs_order_cites_the_approved_polozhenie(named, world):
    approving = draft(world, Order.Kind.APPROVE_SYSTEM, regulation_version=world.version)
    services.send(approving, user=world.user("curator"))
    services.sign(approving, user=world.user("director"), on=datetime.date(2023, 8, 30))
    order = draft(world, Order.Kind.FIX_GROUPS, groups=[world.new_group])
    assert order.preamble.startswith(
        "В соответствии с Положением о системе наставничества, утверждённым приказом от "
        "30.08.2023 № 1-од,"
    )


def test_it_appoints_each_mentor_of_the_mentees_in_the_genitive(named):
    world = named
    world.new_group.starts_on = datetime.date(2026, 9, 1)
    world.new_group.ends_on = datetime.date(2027, 5, 31)
    world.new_group.save()
    order = draft(world, Order.Kind.APPOINT_MENTORS, groups=[world.new_group])
    assert order.heading == "О назначении наставников"
    assert order.item_list[0] == [
        "Назначить Савельеву С. С. наставником Лебедевой А. О. (форма наставничества — "
        "«Педагог — молодой специалист», срок — с 1 сентября 2026 г. по 31 мая 2027 г.)."
    ]


def test_a_change_names_the_substitute_and_cites_the_amended_order(named):
    world = named
    amended = Order.objects.create(
        organisation=world.school,
        kind=Order.Kind.FIX_GROUPS,
        status=Order.Status.SIGNED,
        heading="О закреплении наставнических пар (групп)",
        items="Закрепить.",
        journal_year=2026,
        number=7,
        number_text="7-од",
        signed_on=datetime.date(2026, 9, 5),
    )
    substitute = MentorEntryFactory(
        person=PersonFactory(
            organisation=world.school,
            last_name="Орлов",
            first_name="Пётр",
            middle_name="Ильич",
            gender="male",
        )
    )
    group = world.new_group
    group.co_mentor, group.co_mentor_role = substitute, Group.CoMentorRole.SUBSTITUTE
    group.save()
    order = draft(world, Order.Kind.CHANGE_GROUP, groups=[group], amends=amended)
    assert order.heading == "О внесении изменений в состав наставнических пар (групп)"
    assert "закреплённых приказом от 05.09.2026 № 7-од" in order.preamble
    assert order.item_list[0] == [
        "Назначить Орлова П. И. замещающим наставником Лебедевой А. О. на период отсутствия "
        "наставника Савельевой С. С."
    ]
    assert order.item_list[1] == [
        "Внести соответствующие изменения в приложение к приказу от 05.09.2026 № 7-од."
    ]
    group.co_mentor_role = Group.CoMentorRole.CO_MENTOR
    group.save()
    order = order_redraft(order=order)
    assert order.item_list[0][0].startswith("Назначить Орлова П. И. вторым наставником")
    assert "с наставником Савельевой С. С." in order.item_list[0][0]


def test_a_closing_order_thanks_the_mentors_of_its_groups_by_default(named):
    world = named
    order = draft(world, Order.Kind.FINISH, groups=[world.group])
    assert order.heading == "О завершении персонализированных программ наставничества"
    assert order.item_list[1] == [
        "Объявить благодарность за добросовестную работу наставникам:",
        "Савельевой С. С. (учитель).",
    ]
    rewarded = order.people.get()
    assert (rewarded.person, rewarded.role) == (world.people["mentor"], Role.REWARDED)


def test_a_closing_order_thanks_whom_the_curator_chose(named):
    world = named
    someone = rename(world.person, "Белов", "Игорь", "Петрович", gender="male", position="")
    order = draft(
        world, Order.Kind.FINISH, groups=[world.group], people=[(someone, Role.REWARDED, "")]
    )
    assert order.item_list[1][1:] == ["Белову И. П."]


def test_a_free_order_has_the_heading_given_and_the_control_item(world):
    order = draft(world, Order.Kind.FREE, heading="  О проведении конкурса наставников ")
    assert order.heading == "О проведении конкурса наставников"
    assert order.items == "Контроль исполнения приказа оставляю за собой."
    with pytest.raises(ValidationError):
        draft(world, Order.Kind.FREE, heading=" ")


def test_it_refuses_a_group_or_a_person_of_another_school(world):
    outsider = GroupFactory(
        organisation=world.other_school,
        mentor=MentorEntryFactory(person=PersonFactory(organisation=world.other_school)),
        mentees=[MenteeEntryFactory(person=PersonFactory(organisation=world.other_school))],
        status=Group.Status.PROPOSED,
    )
    with pytest.raises(ValidationError):
        draft(world, Order.Kind.FIX_GROUPS, groups=[outsider])
    stranger = PersonFactory(organisation=world.other_school)
    with pytest.raises(ValidationError):
        draft(world, Order.Kind.APPROVE_SYSTEM, people=[(stranger, Role.CURATOR, "")])
    assert not Order.objects.exclude(pk__in=[world.draft_order.pk, world.sent_order.pk]).exists()


def test_redrafting_follows_the_data_and_keeps_the_selection(named):
    world = named
    order = draft(world, Order.Kind.APPOINT_MENTORS, groups=[world.new_group])
    order.items = "Свой текст."
    order.save()
    rename(world.people["mentor"], "Сорокина", "Светлана", "Сергеевна")
    order = order_redraft(order=order)
    assert order.item_list[0][0].startswith("Назначить Сорокину С. С. наставником")
    assert list(order.groups.all()) == [world.new_group]


def test_a_sent_or_signed_order_cannot_be_edited_redrafted_or_deleted(world):
    order = world.sent_order
    with pytest.raises(OrderError, match="на подписи"):
        order_redraft(order=order)
    with pytest.raises(OrderError, match="на подписи"):
        order_update(order=order, heading="О другом", preamble="", items="Пункт.")
    services.sign(order, user=world.user("director"))
    order.refresh_from_db()
    for action in (
        lambda: order_redraft(order=order),
        lambda: order_update(order=order, heading="О другом", preamble="", items="Пункт."),
        lambda: order_delete(order=order),
    ):
        with pytest.raises(OrderError, match="Подписанный приказ не меняется"):
            action()
    order.refresh_from_db()
    assert order.heading == "О закреплении наставнических пар"


def test_a_draft_is_updated_and_deleted(world):
    order = world.draft_order
    order_update(
        order=order,
        heading="О закреплении пар",
        preamble="Преамбула.",
        items="Первый.\n\nВторой.",
        groups=[],
    )
    order.refresh_from_db()
    assert order.item_list == [["Первый."], ["Второй."]]
    assert not order.groups.exists()
    order_delete(order=order)
    assert not Order.objects.filter(pk=order.pk).exists()


def test_a_version_of_another_school_cannot_be_an_annex(world):
    foreign = RegulationVersion.objects.create(
        regulation=Regulation.objects.create(organisation=world.other_school, title="Положение"),
        number=1,
        text="Текст",
    )
    with pytest.raises(ValidationError):
        draft(world, Order.Kind.APPROVE_SYSTEM, regulation_version=foreign)
