"""Checks for uploaded documents (signed scans, evidence): what a file is, told by its content.

The uploader's file name and the browser's content type are never trusted: a text file renamed
to «скан.pdf» is refused, and a PNG named «.pdf» is stored as the PNG it is.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

MAX_SCAN_SIZE = 5 * 1024 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# The first bytes of each accepted format → its content type.
_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}


def validate_scan(file) -> str:
    """Return the content type of an uploaded scan (PDF, JPEG or PNG, at most 5 MB), or raise
    ValidationError in Russian. Images must also open and verify with Pillow. The file is left
    rewound, ready to be saved."""
    if file.size > MAX_SCAN_SIZE:
        raise ValidationError(
            _("Файл больше 5 МБ: отсканируйте с меньшим разрешением или сожмите его."),
            code="too_large",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    content_type = next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), None)
    if content_type is None:
        raise ValidationError(
            _("Файл не похож на PDF, JPEG или PNG: «%(name)s». Загрузите скан в одном из них.")
            % {"name": file.name},
            code="unknown_type",
        )
    if content_type != PDF:
        _verify_image(file, content_type)
    return content_type


def _verify_image(file, content_type: str) -> None:
    from PIL import Image

    expected = {JPEG: "JPEG", PNG: "PNG"}[content_type]
    try:
        with Image.open(file) as image:
            actual = image.format
            image.verify()
    except Exception as error:  # Pillow raises many kinds of errors for a broken image.
        raise ValidationError(
            _("Файл не похож на PDF, JPEG или PNG: «%(name)s» — изображение повреждено.")
            % {"name": file.name},
            code="broken_image",
        ) from error
    finally:
        file.seek(0)
    if actual != expected:
        raise ValidationError(
            _("Файл не похож на PDF, JPEG или PNG: «%(name)s».") % {"name": file.name},
            code="unknown_type",
        )


def private_file_response(
    field_file, *, content_type, filename, as_attachment=False, cache_control="private, no-store"
):
    """Serve a file from private storage to a user the view has already authorised: the stored
    content type (never guessed from the name), no sniffing, no caching unless the view says the
    file is public; 404 when missing."""
    if not field_file:
        raise Http404
    try:
        file = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file,
        as_attachment=as_attachment,
        content_type=content_type or "application/octet-stream",
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response


class PrivateStorage(FileSystemStorage):
    """Files with personal data (STORAGES["private"]): they have no URL at all, so no template
    can link to them by mistake; only views that check the user's rights serve them."""

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view.")
