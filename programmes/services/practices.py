"""The methodical bank: materials with their files, told apart by content.

Besides the PDF, JPEG and PNG that mentoring_site.uploads checks, a material may be a Word
document, a presentation or a spreadsheet. Those are ZIP containers (Office Open XML): the file
must start with the ZIP signature, open as a ZIP, hold a ``[Content_Types].xml`` that declares
the main part of exactly that kind, and hold no macros.
"""

import datetime
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring_site import uploads
from programmes.models import Practice

MAX_MATERIAL_SIZE = 20 * 1024 * 1024
# Limits that keep a crafted archive from exhausting the server when it is inspected.
MAX_ZIP_ENTRIES = 5000
MAX_UNPACKED_SIZE = 200 * 1024 * 1024
MAX_CONTENT_TYPES_SIZE = 1024 * 1024

ZIP_SIGNATURE = b"PK\x03\x04"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The main part each kind declares in [Content_Types].xml (macro-enabled variants differ).
OFFICE_MAIN_PARTS = {
    DOCX: f"{DOCX}.main+xml",
    PPTX: f"{PPTX}.main+xml",
    XLSX: f"{XLSX}.main+xml",
}
EXTENSIONS = {**uploads.EXTENSIONS, DOCX: "docx", PPTX: "pptx", XLSX: "xlsx"}
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.pptx,.xlsx"


def _unknown(file):
    return ValidationError(
        _(
            "Файл «%(name)s» не похож ни на PDF, JPEG или PNG, ни на документ Word, презентацию "
            "или таблицу (DOCX, PPTX, XLSX)."
        )
        % {"name": file.name},
        code="unknown_type",
    )


def _office_type(file) -> str:
    broken = ValidationError(
        _("Файл «%(name)s» повреждён: архив документа не открывается.") % {"name": file.name},
        code="broken_office",
    )
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or (
                sum(entry.file_size for entry in entries) > MAX_UNPACKED_SIZE
            ):
                raise broken
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names:
                raise _unknown(file)
            types_entry = archive.getinfo("[Content_Types].xml")
            if types_entry.file_size > MAX_CONTENT_TYPES_SIZE:
                raise _unknown(file)
            declared = archive.read(types_entry).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise broken from None
    finally:
        file.seek(0)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            _("Файл «%(name)s» содержит макросы: сохраните его без макросов (DOCX, PPTX, XLSX).")
            % {"name": file.name},
            code="macros",
        )
    kinds = [kind for kind, main in OFFICE_MAIN_PARTS.items() if main in declared]
    if len(kinds) != 1:
        raise _unknown(file)
    return kinds[0]


def validate_material(file) -> str:
    """The content type of an uploaded material (PDF, JPEG, PNG, DOCX, PPTX or XLSX, at most
    20 MB), told by its content; ValidationError in Russian otherwise. Leaves the file
    rewound."""
    if file.size > MAX_MATERIAL_SIZE:
        raise ValidationError(
            _("Файл больше 20 МБ: сожмите его или дайте ссылку на него."), code="too_large"
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(ZIP_SIGNATURE):
        return _office_type(file)
    if head.startswith(b"%PDF-"):
        return uploads.PDF
    try:
        return uploads.validate_scan(file)  # JPEG and PNG, opened and verified by Pillow
    except ValidationError as error:
        if error.code == "too_large":
            raise ValidationError(
                _("Изображение больше 5 МБ: сожмите его или сохраните в PDF."), code="too_large"
            ) from None
        if error.code == "unknown_type":
            raise _unknown(file) from None
        raise


def material_change(row, *, file=None, remove_file=False, stem="material") -> None:
    """Put a checked upload on ``row.file`` (recording ``row.file_content_type``), or take the
    file off when ``remove_file``; the file it replaces is deleted once the transaction
    commits, so a failed save loses nothing. For the methodical bank and the normative
    documents alike."""
    replaced = row.file.name or None
    if file:
        row.file_content_type = validate_material(file)
        row.file.save(f"{stem}.{EXTENSIONS[row.file_content_type]}", file, save=False)
    elif remove_file and row.file:
        row.file, row.file_content_type = "", ""
    else:
        return
    if replaced:
        storage = type(row)._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(replaced))


def _publish(practice: Practice, is_published: bool, today: datetime.date) -> None:
    practice.is_published = is_published
    if is_published and practice.published_on is None:
        practice.published_on = today  # the date of the first publication stays


@transaction.atomic
def practice_create(
    *, organisation, created_by, authors=(), file=None, is_published=False, **fields
) -> Practice:
    """Add a material to the methodical bank (``fields``: title, kind, summary, programme,
    link)."""
    practice = Practice(organisation=organisation, created_by=created_by, **fields)
    _publish(practice, is_published, timezone.localdate())
    practice.full_clean(exclude=["file"])
    material_change(practice, file=file)
    practice.save()
    practice.authors.set(authors)
    return practice


@transaction.atomic
def practice_update(
    *, practice: Practice, authors=(), file=None, remove_file=False, is_published=False, **fields
) -> Practice:
    """Change a material; a new file replaces the old one, which is deleted after commit."""
    for name, value in fields.items():
        setattr(practice, name, value)
    _publish(practice, is_published, timezone.localdate())
    practice.full_clean(exclude=["file"])
    material_change(practice, file=file, remove_file=remove_file)
    practice.save()
    practice.authors.set(authors)
    return practice
