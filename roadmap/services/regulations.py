"""Local acts and their versions (редакции), and the library of normative documents.

A version is a draft until it is approved — by an approval order signed in the product or by
the number and date of a paper order typed in. An approved version is never edited: a change
is a new version, which starts as a copy of the latest text.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mentoring_site.documents import Document, render_pdf
from mentoring_site.templatetags.russian import ru_date
from programmes.services.practices import material_change
from roadmap import regulation_templates
from roadmap.models import NormativeDocument, Order, Regulation, RegulationVersion


class RegulationError(Exception):
    """A change the state of the act does not allow; the message is for the user."""


def current_version(regulation: Regulation) -> RegulationVersion | None:
    """The newest approved version: the one in force. Reads ``regulation.versions.all()``, so
    a prefetch of the versions (with their approving orders) spares the queries."""
    approved = [version for version in regulation.versions.all() if version.is_approved]
    return max(approved, key=lambda version: version.number, default=None)


def draft_version(regulation: Regulation) -> RegulationVersion | None:
    """The version being prepared: the newest one, while it is not approved."""
    latest = max(regulation.versions.all(), key=lambda version: version.number, default=None)
    return latest if latest is not None and not latest.is_approved else None


def latest_version(regulation: Regulation) -> RegulationVersion | None:
    return regulation.versions.select_related("approved_order").order_by("-number").first()


@transaction.atomic
def regulation_create(
    *, organisation, kind, title, created_by, from_template: bool, is_published=True
) -> Regulation:
    """A new act with its version 1: the model text of ``kind`` or an empty text."""
    if from_template and not regulation_templates.has_template(kind):
        raise RegulationError(_("Для этого вида акта нет типового текста."))
    regulation = Regulation(
        organisation=organisation, kind=kind, title=title, is_published=is_published
    )
    regulation.full_clean()
    regulation.save()
    text = regulation_templates.template_text(kind, organisation) if from_template else ""
    RegulationVersion.objects.create(
        regulation=regulation, number=1, text=text, created_by=created_by
    )
    return regulation


@transaction.atomic
def version_create(*, regulation, created_by, text=None, note="") -> RegulationVersion:
    """The next version, a copy of the latest text unless ``text`` is given. Only after the
    latest version is approved: a draft is changed in place."""
    # Lock the act so two editors starting a version at once do not take the same number.
    Regulation.objects.select_for_update().filter(pk=regulation.pk).first()
    latest = latest_version(regulation)
    if latest is not None and not latest.is_approved:
        raise RegulationError(
            _("Редакция %(number)s ещё не утверждена: внесите изменения в неё.")
            % {"number": latest.number}
        )
    if text is None:
        text = latest.text if latest else ""
    version = RegulationVersion(
        regulation=regulation,
        number=latest.number + 1 if latest else 1,
        text=text,
        note=note,
        created_by=created_by,
    )
    version.full_clean(exclude=["text", "created_by"])
    version.save()
    return version


@transaction.atomic
def version_update(*, version: RegulationVersion, **fields) -> RegulationVersion:
    """Change a draft version (text, effective date, note, marks). An approved version is
    refused: the approved text is what the order approved. The state is read from the
    database, since a bound model form has already copied its input onto ``version``."""
    if "approved_order" in fields:
        raise RegulationError(_("Приказ об утверждении связывается только при его подписании."))
    stored = (
        RegulationVersion.objects.select_for_update(of=("self",))
        .select_related("approved_order")
        .get(pk=version.pk)
    )
    if stored.is_approved:
        raise RegulationError(
            _("Редакция %(number)s утверждена и не изменяется: создайте новую редакцию.")
            % {"number": stored.number}
        )
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean(exclude=["created_by"])
    stored.save(update_fields=[*fields])
    return stored


def _subtitle(version: RegulationVersion) -> str:
    """«Редакция 2, вводится в действие с 1 сентября 2024 г.»: what a reader needs beyond the
    title. The first version with no date needs nothing."""
    parts = []
    if version.number > 1:
        parts.append(_("Редакция %(number)s") % {"number": version.number})
    if version.effective_from:
        parts.append(
            _("вводится в действие с %(date)s") % {"date": ru_date(version.effective_from)}
        )
    return capfirst(", ".join(parts))


def version_document(version: RegulationVersion) -> Document:
    """The version as printed: the marks, the title, the text. Approved by an approval order
    of the product, the Положение is annex 1 to that order and says so."""
    regulation = version.regulation
    order = version.approved_order
    by_approval_order = (
        order is not None and order.is_signed and order.kind == Order.Kind.APPROVE_SYSTEM
    )
    context = {
        "organisation": regulation.organisation,
        "regulation": regulation,
        "version": version,
        "annex_number": 1 if by_approval_order else None,
        "subtitle": _subtitle(version),
    }
    slug = regulation.kind.replace("_", "-")
    filename = f"{slug}-{regulation.pk}-redaktsiya-{version.number}.pdf"
    return render_pdf("documents/regulation.html", context, filename=filename)


# The library of normative documents


def _check_source(document: NormativeDocument) -> None:
    if not document.url and not document.file:
        raise ValidationError(
            _("Укажите ссылку на официальный текст или приложите файл документа."),
            code="no_source",
        )


@transaction.atomic
def document_create(*, organisation, file=None, **fields) -> NormativeDocument:
    """Add a document to the library (``fields``: level, title, issuer, number, issued_on,
    url, is_published)."""
    document = NormativeDocument(organisation=organisation, **fields)
    document.full_clean(exclude=["file"])
    material_change(document, file=file, stem="document")
    _check_source(document)
    document.save()
    return document


@transaction.atomic
def document_update(
    *, document: NormativeDocument, file=None, remove_file=False, **fields
) -> NormativeDocument:
    """Change a document; a replaced or removed file is deleted once the change is committed."""
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean(exclude=["file"])
    material_change(document, file=file, remove_file=remove_file, stem="document")
    _check_source(document)
    document.save()
    return document
