"""Malformed input the form fuzzing found answered with a 500: now the page again."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import Group
from tests.conftest import MINIMAL_PDF


def url(world, name, *args):
    return reverse(f"programmes:{name}", args=[world.school.slug, *args])


def test_a_superscript_digit_in_a_link_parameter_is_ignored(curator_client, world):
    """str.isdigit() accepts «²», which int() refuses."""
    pages = [
        f"{url(world, 'group_create')}?mentee=²",
        f"{url(world, 'monitoring')}?year=²",
        f"{url(world, 'programme_create', world.new_group.pk)}?source=template:²",
    ]
    for page in pages:
        assert curator_client.get(page).status_code == 200, page


def test_a_proposal_with_rows_the_page_never_showed_is_refused(curator_client, world):
    groups = Group.objects.count()
    response = curator_client.post(
        url(world, "matching_proposal"),
        {"rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "0", "action": "accept"},
    )
    assert response.status_code == 200
    assert not response.context["formset"].is_valid()
    assert Group.objects.count() == groups


def test_a_mentee_id_too_large_for_the_database_is_an_invalid_choice(curator_client, world):
    response = curator_client.post(
        url(world, "group_edit", world.group.pk),
        {"mentees": [str(world.mentee_entry.pk), "99999999999999999999"], "form": world.form.pk},
    )
    assert response.status_code == 200
    assert "“99999999999999999999” является неверным значением." in response.content.decode()


def test_evidence_with_a_name_too_long_for_the_disk_is_stored_under_a_short_one(client, world):
    """150 Cyrillic letters are 300 bytes; a file system takes 255 in a name."""
    client.force_login(world.user("mentor"))
    upload = SimpleUploadedFile("Протокол" * 19 + ".pdf", MINIMAL_PDF)
    response = client.post(
        url(world, "item_update", world.item.pk),
        {"status": "planned", "mentor_note": "", "evidence_url": "", "evidence": upload},
    )
    assert response.status_code == 302
    world.item.refresh_from_db()
    assert world.item.evidence.name.rsplit("/", 1)[-1].startswith(f"item-{world.item.pk}")
    assert world.item.evidence.name.endswith(".pdf")
    assert world.item.evidence.read() == MINIMAL_PDF
