"""How long the printed documents of the roadmap app take: `make bench`.

Runs as a script (pytest does not collect bench_*.py) on a fresh SQLite file under var/bench/,
which it creates, migrates and deletes. It builds one school with a director, 50 mentors and 60
mentees (all with consents, the mentors' to additional duties too) in 50 proposed pairs and
groups, and times (the median of three runs): the pairs order drafted for all 50 groups, its
draft PDF, signing it (number, snapshot, PDF, the groups fixed), and the full PDF of a roadmap
made from the teachers' and from the students' template. The figures go to the final table of
`make bench` (section «Документы»); they are never asserted.
"""

import datetime
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from mentoring_site.scale_data import (  # noqa: E402
    FIRST_NAMES,
    LAST_NAMES,
    PATRONYMICS,
    POSITIONS,
)
from mentoring_site.school_year import SchoolYear  # noqa: E402
from tests.benchmarks.harness import (  # noqa: E402
    BENCH_DIR,
    duration,
    median_time,
    record,
    scratch_database,
)

GROUPS = 50
TRIOS = 10  # groups with two mentees: 60 mentees in all
RUNS = 3
SECTION = "Документы"


def page_count(content: bytes, scratch: Path) -> int:
    """Pages of a PDF as pdfinfo reads them; without poppler, the page objects counted."""
    path = scratch / "count.pdf"
    path.write_bytes(content)
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", content))
    finally:
        path.unlink(missing_ok=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def forget_pdf(field_file) -> None:
    """Delete a PDF signing stored, and the folders left empty: the private storage is shared
    with the tests."""
    storage, name = field_file.storage, field_file.name
    root = Path(storage.location).resolve()
    folder = Path(storage.path(name)).resolve().parent
    field_file.delete(save=False)
    while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def school(today: datetime.date):
    """A school with a director (a login and a person), 50 mentors and 60 mentees in 50 proposed
    groups: every mentor agreed in writing to the additional duties."""
    from django.contrib.auth import get_user_model

    from programmes.models import Group, MentoringForm
    from registry.models import Consent, Membership, MenteeEntry, MentorEntry, Organisation, Person

    rng = random.Random(5)
    organisation = Organisation.objects.create(
        name="Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № 7» Заречного муниципального округа",
        short_name="МБОУ «СОШ № 7»",
        slug="bench-documents",
        header="Муниципальное бюджетное общеобразовательное учреждение\n"
        "«Средняя общеобразовательная школа № 7»\nЗаречного муниципального округа",
        place="г. Заречный",
    )

    def person(position: str, number: int) -> Person:
        gender = rng.choice(["male", "female", "female"])
        index = 0 if gender == "male" else 1
        return Person(
            organisation=organisation,
            last_name=rng.choice(LAST_NAMES)[index],
            first_name=rng.choice(FIRST_NAMES[gender]),
            middle_name=rng.choice(PATRONYMICS)[index],
            gender=gender,
            position=position,
            email=f"teacher{number}@school.example",
        )

    head = person("директор", 0)
    head.save()
    organisation.director = head
    organisation.save(update_fields=["director"])
    user = get_user_model().objects.create_user("director", "director@school.example", "x")
    head.user = user
    head.save(update_fields=["user"])
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.DIRECTOR)

    # Person.save() writes the search text the orders sort by: no bulk_create here.
    mentors = [person(rng.choice(POSITIONS)[0], n) for n in range(1, GROUPS + 1)]
    mentees = [person(rng.choice(POSITIONS)[0], n) for n in range(100, 100 + GROUPS + TRIOS)]
    for someone in mentors + mentees:
        someone.save()
    given_on = today - datetime.timedelta(days=30)
    Consent.objects.bulk_create(
        [Consent(person=p, kind=Consent.Kind.PERSONAL_DATA, given_on=given_on) for p in mentees]
        + [
            Consent(person=p, kind=kind, given_on=given_on)
            for p in mentors
            for kind in (Consent.Kind.PERSONAL_DATA, Consent.Kind.DUTIES)
        ]
    )
    mentor_entries = MentorEntry.objects.bulk_create(
        MentorEntry(person=p, capacity=2, status=MentorEntry.Status.READY) for p in mentors
    )
    mentee_entries = MenteeEntry.objects.bulk_create(
        MenteeEntry(
            person=p,
            category=MenteeEntry.Category.YOUNG_SPECIALIST,
            status=MenteeEntry.Status.PAIRED,
        )
        for p in mentees
    )
    form = MentoringForm.objects.create(
        organisation=organisation,
        name="Педагог — молодой специалист",
        audience=MentoringForm.Audience.TEACHERS,
    )
    starts_on, ends_on = today, today + datetime.timedelta(days=270)
    groups = Group.objects.bulk_create(
        Group(
            organisation=organisation,
            mentor=mentor,
            form=form,
            starts_on=starts_on,
            ends_on=ends_on,
            status=Group.Status.PROPOSED,
        )
        for mentor in mentor_entries
    )
    # The first groups take one mentee each, the last TRIOS take two.
    members = iter(mentee_entries)
    links = []
    for number, group in enumerate(groups):
        size = 2 if number >= GROUPS - TRIOS else 1
        links += [
            Group.mentees.through(group=group, menteeentry=next(members)) for _ in range(size)
        ]
    Group.mentees.through.objects.bulk_create(links)
    return organisation, user, groups


def bench(scratch: Path) -> list[tuple[str, str, float]]:
    from django.utils import timezone

    from programmes.models import Group
    from roadmap.models import Order
    from roadmap.printing import render_order
    from roadmap.services import orders, roadmaps
    from roadmap.services.drafting import order_draft
    from roadmap.services.roadmaps import render_roadmap

    today = timezone.localdate()
    organisation, director, groups = school(today)
    results = []

    def draft():
        return order_draft(
            organisation=organisation,
            kind=Order.Kind.FIX_GROUPS,
            created_by=director,
            groups=groups,
        )

    seconds, _order = median_time(draft)
    results.append((f"приказ о закреплении {GROUPS} пар: составление проекта", "—", seconds))
    drafts = list(Order.objects.filter(organisation=organisation).order_by("pk"))
    assert len(drafts) == RUNS and all(len(d.item_list) == 4 for d in drafts)

    seconds, document = median_time(lambda: render_order(drafts[0]))
    pages = page_count(document.content, scratch)
    results.append((f"PDF: приказ о закреплении {GROUPS} пар (проект)", str(pages), seconds))

    # Each run signs its own draft of the same 50 groups; the groups are proposed again before
    # every run, so each signing fixes all 50 as the first one did.
    Order.objects.filter(pk__in=[d.pk for d in drafts]).update(status=Order.Status.SENT)
    signings, stored = [], []
    for order in drafts:
        Group.objects.filter(pk__in=[g.pk for g in groups]).update(
            status=Group.Status.PROPOSED, status_changed_on=None
        )
        order.refresh_from_db()
        start = time.perf_counter()
        signed = orders.sign(order, user=director)
        signings.append(time.perf_counter() - start)
        stored.append(signed)
    assert [order.number_text for order in stored] == ["1-од", "2-од", "3-од"]
    assert Group.objects.filter(pk__in=[g.pk for g in groups], status="fixed").count() == GROUPS
    with stored[-1].pdf.open("rb") as file:
        pages = page_count(file.read(), scratch)
    results.append(
        (
            f"приказ о закреплении {GROUPS} пар: подписание (номер, снимок, PDF)",
            str(pages),
            statistics.median(signings),
        )
    )
    for order in stored:
        forget_pdf(order.pdf)

    starts_on, ends_on = SchoolYear.of(today).period
    for model, label in [("teachers", "педагогов"), ("students", "обучающихся")]:
        roadmap_made = []

        def create(model=model, made=roadmap_made):
            made.append(
                roadmaps.roadmap_create_from_template(
                    organisation=organisation,
                    model=model,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    created_by=director,
                )
            )

        seconds, _none = median_time(create)
        roadmap = roadmap_made[-1]
        activities = sum(stage.activities.count() for stage in roadmap.stages.all())
        results.append((f"дорожная карта {label}: создание по шаблону", "—", seconds))
        seconds, document = median_time(lambda roadmap=roadmap: render_roadmap(roadmap))
        pages = page_count(document.content, scratch)
        results.append((f"PDF: дорожная карта {label}, {activities} меропр.", str(pages), seconds))
    return results


def main():
    print(f"Документы: приказ о закреплении {GROUPS} пар и групп, дорожные карты…")
    with scratch_database(), tempfile.TemporaryDirectory(dir=BENCH_DIR) as scratch:
        results = bench(Path(scratch))
    for label, pages, seconds in results:
        note = f"медиана {RUNS} запусков" + ("" if pages == "—" else f"; {pages} стр.")
        record(SECTION, label, large=duration(seconds), note=note)


if __name__ == "__main__":
    main()
