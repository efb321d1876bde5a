from django.urls import reverse


def test_home_shows_the_users_roles_and_links_to_their_work(client, world):
    client.force_login(world.user("curator"))
    html = client.get(reverse("home")).content.decode()
    assert "МБОУ СОШ № 1" in html
    assert "Куратор" in html
    assert reverse("registry:person_list", args=["school-1"]) in html
    assert "Берёзовская" not in html


def test_a_mentor_gets_no_link_to_the_people_list(client, world):
    client.force_login(world.user("mentor"))
    html = client.get(reverse("home")).content.decode()
    assert "Наставник" in html
    assert reverse("registry:person_list", args=["school-1"]) not in html


def test_the_coordinator_sees_every_school_of_the_authority(client, world):
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("home")).content.decode()
    assert "МБОУ СОШ № 1" in html
    assert "Берёзовская" in html
    assert "Просмотр как координатор" in html


def test_the_login_page_is_in_russian(client):
    html = client.get(reverse("login")).content.decode()
    assert "Вход" in html
    assert "Пароль" in html


def test_a_wrong_password_is_explained_in_russian(client, world):
    response = client.post(reverse("login"), {"username": "curator", "password": "wrong"})
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in response.content.decode()


def test_the_menu_shows_the_organisations_links_the_user_may_open(client, world):
    client.force_login(world.user("working_group"))
    html = client.get(reverse("registry:person_list", args=["school-1"])).content.decode()
    assert 'aria-current="page">Участники' in html
    assert reverse("registry:organisation_settings", args=["school-1"]) not in html


def test_the_authority_comes_before_its_schools(client, world):
    client.force_login(world.user("coordinator"))
    cards = client.get(reverse("home")).context["cards"]
    assert [card["organisation"] for card in cards] == [
        world.authority,
        world.school,  # МБОУ…
        world.other_school,  # МКОУ…
    ]


def test_a_mentees_card_leads_to_their_programme_and_forms(client, world):
    client.force_login(world.user("mentee"))
    html = client.get(reverse("home")).content.decode()
    assert reverse("programmes:programme_list", args=["school-1"]) in html
    assert reverse("registry:my_requests", args=["school-1"]) in html
    assert reverse("registry:person_list", args=["school-1"]) not in html


def test_the_coordinators_authority_card_leads_to_the_schools_figures_only(client, world):
    client.force_login(world.user("coordinator"))
    authority_card = client.get(reverse("home")).context["cards"][0]
    links = [item["url"] for section in authority_card["menu"] for item in section["items"]]
    assert links == [reverse("roadmap:authority_overview", args=[world.authority.slug])]
