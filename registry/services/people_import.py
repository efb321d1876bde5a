"""Importing people from an XLSX workbook: every row is parsed and checked first, then all of
them are written in one transaction, or none.

``parse_people_workbook`` reads the file and classifies each row against the organisation's
people (new / update / unchanged / error) without writing anything; ``import_people`` writes a
plan that has no problems. A person is matched by email (case-insensitive) or, failing that, by
full name and birth date, so importing the same file twice changes nothing the second time.
An empty cell never erases what is already recorded.
"""

import copy
import datetime
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mentoring_site.documents import Document, render_xlsx
from registry.models import MethodicalAssociation, Organisation, Person, fold

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE = 100 * 1024 * 1024  # a real workbook of 20,000 rows is a few MB unpacked
MAX_ROWS = 20_000
MAX_CELL_LENGTH = 1000
EARLIEST_YEAR = 1900
BATCH_SIZE = 500
CHANGE_REASON = gettext_lazy("Загрузка из файла Excel")

ZIP_SIGNATURE = b"PK\x03\x04"
# Excel saves a workbook with a password as an OLE container holding an «EncryptedPackage».
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class CellError(Exception):
    """A cell's value cannot be read; the message says why, quoting the value."""


class WorkbookError(Exception):
    """The file as a whole cannot be read as a workbook of people."""


# Cell parsers: a non-empty cell value in, a domain value out, or CellError.


def _text(value) -> str:
    """A cell as one line of text: whitespace collapsed, whole numbers without «.0»."""
    if isinstance(value, datetime.datetime):
        return f"{value:%d.%m.%Y}" if value.time() == datetime.time() else f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _choice(mapping: dict[str, str], message: str):
    def parse(value):
        key = fold(_text(value)).rstrip(".")
        if key not in mapping:
            raise CellError(message % {"value": _text(value)})
        return mapping[key]

    return parse


GENDERS = {
    **dict.fromkeys(["м", "муж", "мужской"], Person.Gender.MALE),
    **dict.fromkeys(["ж", "жен", "женский"], Person.Gender.FEMALE),
}
KINDS = {
    **dict.fromkeys(
        ["педагог", "сотрудник", "педагог/сотрудник", "педагог или сотрудник"], Person.Kind.STAFF
    ),
    **dict.fromkeys(["обучающийся", "ученик", "учащийся"], Person.Kind.STUDENT),
    **dict.fromkeys(["представитель работодателя", "работодатель"], Person.Kind.EMPLOYER),
    **dict.fromkeys(
        ["студент", "студент вуза", "студент колледжа", "студент вуза или колледжа"],
        Person.Kind.UNIVERSITY_STUDENT,
    ),
    **dict.fromkeys(
        ["преподаватель вуза", "преподаватель колледжа", "преподаватель вуза или колледжа"],
        Person.Kind.UNIVERSITY_TEACHER,
    ),
}
QUALIFICATIONS = {
    **dict.fromkeys(["высшая", "высшая категория"], Person.Qualification.HIGHEST),
    **dict.fromkeys(["первая", "первая категория"], Person.Qualification.FIRST),
    **dict.fromkeys(["соответствие занимаемой должности", "сзд"], Person.Qualification.POST),
    "педагог-методист": Person.Qualification.METHODIST,
    "педагог-наставник": Person.Qualification.MENTOR,
    **dict.fromkeys(["без категории", "нет"], Person.Qualification.NONE),
}

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def full_year(two_digits: int, today: datetime.date) -> int:
    """A two-digit year as the latest year not after this one: on 2026, «26» is 2026 and
    «27» is 1927. Dates in this file are never in the future, so this guess is the safe one."""
    year = today.year // 100 * 100 + two_digits
    return year if year <= today.year else year - 100


def parse_date(value, *, today: datetime.date | None = None) -> datetime.date:
    """A date cell: a real Excel date, or text as 14.03.1994, 4.3.1994, 1994-03-14 or 14.03.94."""
    if isinstance(value, datetime.datetime):
        date = value.date()
    elif isinstance(value, datetime.date):
        date = value
    else:
        text = _text(value)
        unreadable = CellError(
            _("не удалось распознать дату «%(value)s» (нужна дата вида 14.03.1994)")
            % {"value": text}
        )
        if match := _DAY_MONTH_YEAR.fullmatch(text):
            day, month, year = map(int, match.groups())
            if len(match.group(3)) == 2:
                year = full_year(year, today or timezone.localdate())
        elif match := _ISO_DATE.fullmatch(text):
            year, month, day = map(int, match.groups())
        else:
            raise unreadable
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise unreadable from None
    if date.year < EARLIEST_YEAR:
        raise CellError(
            _("дата «%(value)s» раньше %(year)s года")
            % {"value": _text(value), "year": EARLIEST_YEAR}
        )
    return date


@dataclass(frozen=True)
class Column:
    key: str  # a Person field, or "methodical_association" for the МО by name
    label: str  # the header as the template prints it
    parse: Callable = _text
    required: bool = False
    aliases: tuple[str, ...] = ()
    hint: str = ""  # what the cell may hold, for the template's «Справка»

    @property
    def header(self) -> str:
        return f"{self.label}*" if self.required else self.label


DATE_HINT = gettext_lazy(
    "Дата Excel или текст: 14.03.1994, 4.3.1994 или 1994-03-14. Год двумя цифрами (14.03.94) — "
    "ближайший прошедший: «05» — 2005, «94» — 1994. Не в будущем."
)
COLUMNS = (
    Column("last_name", "Фамилия", required=True, hint=gettext_lazy("До 100 символов.")),
    Column("first_name", "Имя", required=True, hint=gettext_lazy("До 100 символов.")),
    Column("middle_name", "Отчество", hint=gettext_lazy("До 100 символов.")),
    Column(
        "gender",
        "Пол",
        _choice(GENDERS, gettext_lazy("пол «%(value)s» не распознан: укажите «м» или «ж»")),
        required=True,
        hint=gettext_lazy("м или ж (можно муж, жен, мужской, женский). Нужен для склонения."),
    ),
    Column("birth_date", "Дата рождения", parse_date, hint=DATE_HINT),
    Column(
        "kind",
        "Категория",
        _choice(
            KINDS,
            gettext_lazy(
                "категория «%(value)s» не распознана: укажите «педагог», «обучающийся», "
                "«представитель работодателя», «студент» или «преподаватель вуза»"
            ),
        ),
        hint=gettext_lazy(
            "педагог (или сотрудник), обучающийся, представитель работодателя, студент, "
            "преподаватель вуза. Пусто — педагог."
        ),
    ),
    Column(
        "position",
        "Должность",
        aliases=("должность или место работы",),
        hint=gettext_lazy("До 200 символов."),
    ),
    Column(
        "grade",
        "Класс",
        aliases=("класс или группа",),
        hint=gettext_lazy("Для обучающихся: «7 Б»."),
    ),
    Column(
        "methodical_association",
        "МО",
        aliases=("методическое объединение",),
        hint=gettext_lazy("Название МО; новое МО будет создано."),
    ),
    Column("subjects", "Предметы", hint=gettext_lazy("Через запятую.")),
    Column(
        "qualification",
        "Квалификационная категория",
        _choice(
            QUALIFICATIONS,
            gettext_lazy(
                "категория «%(value)s» не распознана: укажите «высшая», «первая», "
                "«соответствие занимаемой должности», «педагог-методист», "
                "«педагог-наставник» или «без категории»"
            ),
        ),
        aliases=("квалификация",),
        hint=gettext_lazy(
            "высшая, первая, соответствие занимаемой должности, педагог-методист, "
            "педагог-наставник, без категории."
        ),
    ),
    Column(
        "experience_start",
        "Педагогический стаж с",
        parse_date,
        aliases=("стаж с",),
        hint=DATE_HINT,
    ),
    Column(
        "hire_date",
        "Дата приёма",
        parse_date,
        aliases=("дата приёма в организацию",),
        hint=DATE_HINT,
    ),
    Column(
        "email",
        "Электронная почта",
        aliases=("почта", "email", "e-mail"),
        hint=gettext_lazy("По почте участник узнаётся при повторной загрузке."),
    ),
    Column("phone", "Телефон", hint=gettext_lazy("До 50 символов.")),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
PERSON_FIELDS = [column.key for column in COLUMNS if column.key != "methodical_association"]
# Validation looks only at what a file can set: the rest of a person is not the import's business.
NOT_IMPORTED = [f.name for f in Person._meta.concrete_fields if f.name not in PERSON_FIELDS] + [
    "methodical_association"
]
# How many rows a header may be preceded by (a title line above the table, say).
HEADER_SEARCH_ROWS = 10


def _header_key(value) -> str:
    return " ".join(fold(_text(value)).rstrip("*").split())


HEADER_KEYS = {
    _header_key(name): column for column in COLUMNS for name in (column.label, *column.aliases)
}


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: a row (as the spreadsheet numbers it) and a column, when known."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        if self.row is None:
            return self.message
        where = _("Строка %(row)s") % {"row": self.row}
        if self.column:
            where += f", «{self.column}»"
        return f"{where}: {self.message}"

    @property
    def detail(self) -> str:
        """The problem without its row, for a table that shows the row already."""
        return f"«{self.column}»: {self.message}" if self.column else self.message


class Action(models.TextChoices):
    NEW = "new", gettext_lazy("добавить")
    UPDATE = "update", gettext_lazy("обновить")
    UNCHANGED = "unchanged", gettext_lazy("без изменений")
    ERROR = "error", gettext_lazy("ошибка")


@dataclass
class PlanRow:
    number: int  # the row's number in the spreadsheet
    values: dict  # column key → value, for the non-empty cells only
    action: str = Action.NEW
    person: Person | None = None  # the existing person the row matched
    changes: tuple[str, ...] = ()  # the column keys whose values differ from the person's
    problems: list[Problem] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        parts = (self.values.get(key, "") for key in ("last_name", "first_name", "middle_name"))
        return " ".join(part for part in parts if part)

    @property
    def action_label(self) -> str:
        return Action(self.action).label

    @property
    def changes_label(self) -> str:
        return ", ".join(COLUMN_BY_KEY[key].label for key in self.changes)


@dataclass
class ImportPlan:
    """What importing a file would do: every row classified, and every problem found."""

    organisation_id: int
    rows: list[PlanRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the column keys the file has
    new_associations: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.problems)

    @cached_property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Action.values, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def to_write(self) -> int:
        return self.counts[Action.NEW] + self.counts[Action.UPDATE]

    @cached_property
    def fingerprint(self) -> str:
        """A digest of what the plan would do: a confirmation carries it, so what is written is
        what the curator saw."""
        summary = [
            (row.number, row.action, row.person.pk if row.person else None, row.changes)
            for row in self.rows
        ]
        payload = json.dumps([summary, [str(p) for p in self.problems]], default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    associations_created: int = 0

    @property
    def summary(self) -> str:
        return _("Добавлено: %(created)s, обновлено: %(updated)s, без изменений: %(unchanged)s") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


# Reading the file.


def _read_bytes(file) -> bytes:
    """The file's content, refusing more than MAX_FILE_SIZE without reading it all."""
    content = file if isinstance(file, bytes) else file.read(MAX_FILE_SIZE + 1)
    if len(content) > MAX_FILE_SIZE:
        raise WorkbookError(
            _("Файл больше %(size)s МБ: разделите его на несколько.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )
    return content


def _check_container(content: bytes) -> None:
    """Refuse what is not an XLSX by its content, before openpyxl unpacks anything."""
    not_xlsx = WorkbookError(_("Файл не является книгой Excel (.xlsx)."))
    encrypted = WorkbookError(
        _("Файл защищён паролем: снимите пароль в Excel, сохраните и загрузите снова.")
    )
    if content.startswith(OLE_SIGNATURE) and ENCRYPTED_PACKAGE in content:
        raise encrypted
    if not content.startswith(ZIP_SIGNATURE):
        raise not_xlsx
    try:
        entries = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise WorkbookError(_("Файл повреждён: его не удаётся открыть как книгу Excel.")) from None
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise encrypted
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_SIZE:
        raise WorkbookError(
            _("Файл распаковывается больше чем в %(size)s МБ: такую книгу загрузить нельзя.")
            % {"size": MAX_UNCOMPRESSED_SIZE // (1024 * 1024)}
        )
    if "[Content_Types].xml" not in {entry.filename for entry in entries}:
        raise not_xlsx


def _read_rows(content: bytes) -> list[tuple[int, tuple]]:
    """The first sheet's non-empty rows as (row number, cell values), at most one past the
    header search and MAX_ROWS data rows (the caller tells a too-long file by the extra row)."""
    from openpyxl import load_workbook

    limit = HEADER_SEARCH_ROWS + MAX_ROWS + 1
    rows = []
    # openpyxl reports a broken part of the package with many kinds of exception, and a sheet is
    # only parsed while its rows are read: whatever fails in here, the file is damaged.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                return []
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # trust the cells, not the size the file declares
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if any(not _is_empty(value) for value in values):
                    rows.append((number, tuple(values)))
                    if len(rows) >= limit:
                        break
        finally:
            workbook.close()
    except Exception:
        raise WorkbookError(
            _("Файл повреждён или не является книгой Excel (.xlsx): его не удаётся прочитать.")
        ) from None
    return rows


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _find_header(rows) -> tuple[int, dict[int, Column], list[Problem], list[Problem]]:
    """The header row's position in ``rows`` and its columns: cell index → Column."""
    position = next(
        (
            i
            for i, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS])
            if any(_header_key(v) in HEADER_KEYS for v in values if not _is_empty(v))
        ),
        0,
    )
    number, values = rows[position]
    columns: dict[int, Column] = {}
    problems, warnings = [], []
    seen: dict[str, str] = {}
    for index, value in enumerate(values):
        if _is_empty(value):
            continue
        column = HEADER_KEYS.get(_header_key(value))
        if column is None:
            warnings.append(
                Problem(_("столбец «%(name)s» не распознан и пропущен") % {"name": _text(value)})
            )
        elif column.key in seen:
            problems.append(
                Problem(
                    _("Столбец «%(name)s» встречается в заголовке дважды.") % {"name": column.label}
                )
            )
        else:
            seen[column.key] = column.label
            columns[index] = column
    missing = [c.label for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        problems.append(
            Problem(
                _("Нет обязательных столбцов: %(names)s. Заголовки ищутся в строке %(row)s.")
                % {"names": ", ".join(f"«{name}»" for name in missing), "row": number}
            )
        )
    return position, columns, problems, warnings


def _parse_row(number, values, columns) -> tuple[dict, list[Problem]]:
    parsed, problems = {}, []
    for index, column in columns.items():
        value = values[index] if index < len(values) else None
        if _is_empty(value):
            if column.required:
                problems.append(Problem(_("не заполнено"), number, column.label))
            continue
        if isinstance(value, str) and len(value) > MAX_CELL_LENGTH:
            problems.append(
                Problem(
                    _("значение длиннее %(limit)s символов") % {"limit": MAX_CELL_LENGTH},
                    number,
                    column.label,
                )
            )
            continue
        try:
            parsed[column.key] = column.parse(value)
        except CellError as error:
            problems.append(Problem(str(error), number, column.label))
    return parsed, problems


def _message(text: str) -> str:
    """A validator's sentence as the tail of «Строка 7, «Почта»: …»."""
    text = str(text).rstrip(".")
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _validation_problems(candidate: Person, row: PlanRow, name_field) -> list[Problem]:
    """The model's own verdict on the person the row describes: field limits, email, dates."""
    errors: dict[str, list[str]] = {}
    try:
        candidate.full_clean(
            exclude=NOT_IMPORTED, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if association := row.values.get("methodical_association"):
        try:
            name_field.clean(association, None)
        except ValidationError as error:
            errors["methodical_association"] = error.messages
    number = row.number
    problems = []
    for name, messages in errors.items():
        message = "; ".join(_message(m) for m in messages)
        if name in COLUMN_BY_KEY:
            problems.append(Problem(message, number, COLUMN_BY_KEY[name].label))
        elif name == NON_FIELD_ERRORS:
            problems.append(Problem(message, number))
        else:
            label = Person._meta.get_field(name).verbose_name
            problems.append(Problem(f"{label}: {message}", number))
    return problems


def _name_key(last, first, middle, birth_date):
    return (*(fold(" ".join(part.split())) for part in (last, first, middle)), birth_date)


def _row_name_key(values):
    return _name_key(
        values.get("last_name", ""),
        values.get("first_name", ""),
        values.get("middle_name", ""),
        values.get("birth_date"),
    )


class _People:
    """The organisation's people, indexed the two ways a row can name one of them."""

    def __init__(self, organisation):
        self.by_email: dict[str, list[Person]] = {}
        self.by_name: dict[tuple, list[Person]] = {}
        people = organisation.people.identified().select_related("methodical_association")
        for person in people:
            if person.email:
                self.by_email.setdefault(person.email.lower(), []).append(person)
            key = _name_key(
                person.last_name, person.first_name, person.middle_name, person.birth_date
            )
            self.by_name.setdefault(key, []).append(person)

    def match(self, values, number) -> tuple[Person | None, Problem | None]:
        email = values.get("email", "").lower()
        if email and (found := self.by_email.get(email)):
            if len(found) > 1:
                return None, Problem(
                    _("в организации несколько участников с почтой «%(email)s»")
                    % {"email": values["email"]},
                    number,
                    COLUMN_BY_KEY["email"].label,
                )
            return found[0], None
        found = self.by_name.get(_row_name_key(values), [])
        if len(found) > 1:
            return None, Problem(
                _(
                    "в организации несколько участников с такими ФИО и датой рождения: "
                    "укажите электронную почту, чтобы различить их"
                ),
                number,
            )
        return (found[0] if found else None), None


# Compared without case and «ё»: a file typed in capitals or without «ё» does not respell names.
FOLDED_KEYS = frozenset({"last_name", "first_name", "middle_name", "email"})


def _differs(key, new, person) -> bool:
    if key == "methodical_association":
        current = person.methodical_association
        return current is None or fold(current.name) != fold(new)
    if key in FOLDED_KEYS:
        return fold(new) != fold(getattr(person, key))
    return new != getattr(person, key)


def _candidate(values, person, organisation) -> Person:
    """The person as the row would leave them, for the model's own validation."""
    candidate = copy.copy(person) if person else Person(organisation=organisation)
    for key, value in values.items():
        if key != "methodical_association":
            setattr(candidate, key, value)
    return candidate


def _duplicates_in_file(rows: list[PlanRow]) -> list[Problem]:
    """Rows that name the same person twice: the same email, or the same full name and birth
    date (unless both rows give different emails, which tells namesakes apart)."""
    problems = []
    by_email: dict[str, PlanRow] = {}
    by_name: dict[tuple, PlanRow] = {}
    for row in rows:
        email = row.values.get("email", "").lower()
        if email and (first := by_email.get(email)):
            problems.append(
                Problem(
                    _("та же почта, что в строке %(row)s") % {"row": first.number},
                    row.number,
                    COLUMN_BY_KEY["email"].label,
                )
            )
            continue
        if email:
            by_email[email] = row
        key = _row_name_key(row.values)
        first = by_name.get(key)
        if first and not (email and first.values.get("email")):
            problems.append(
                Problem(
                    _("те же ФИО и дата рождения, что в строке %(row)s") % {"row": first.number},
                    row.number,
                )
            )
        by_name.setdefault(key, row)
    return problems


def _classify(rows, organisation) -> list[Problem]:
    """Match each row to an existing person, validate it as the model would, and set its action.
    Returns the problems found."""
    people = _People(organisation)
    name_field = MethodicalAssociation._meta.get_field("name")
    matched: dict[int, int] = {}  # person pk → row number
    problems = []
    for row in rows:
        person, problem = people.match(row.values, row.number)
        if problem:
            problems.append(problem)
            continue
        if person and person.pk in matched:
            problems.append(
                Problem(
                    _("это тот же участник «%(name)s», что в строке %(row)s")
                    % {"name": person.full_name, "row": matched[person.pk]},
                    row.number,
                )
            )
            continue
        if person:
            matched[person.pk] = row.number
        invalid = _validation_problems(
            _candidate(row.values, person, organisation), row, name_field
        )
        if invalid:
            problems.extend(invalid)
            continue
        row.person = person
        if person is None:
            row.action = Action.NEW
        else:
            row.changes = tuple(
                key for key, value in row.values.items() if _differs(key, value, person)
            )
            row.action = Action.UPDATE if row.changes else Action.UNCHANGED
    return problems


def parse_people_workbook(file, *, organisation: Organisation) -> ImportPlan:
    """Read an XLSX of people (bytes or a binary file) and say what importing it would do.

    Writes nothing. Every problem is reported by row and column in ``plan.problems``; a plan
    with problems cannot be imported.
    """
    plan = ImportPlan(organisation_id=organisation.pk)
    try:
        content = _read_bytes(file)
        _check_container(content)
        rows = _read_rows(content)
    except WorkbookError as error:
        plan.problems.append(Problem(str(error)))
        return plan
    if not rows:
        plan.problems.append(Problem(_("Лист пуст: в файле нет ни заголовков, ни данных.")))
        return plan
    position, columns, problems, plan.warnings = _find_header(rows)
    plan.columns = [column.key for column in columns.values()]
    data = rows[position + 1 :]
    if problems:
        plan.problems.extend(problems)
        return plan
    if not data:
        plan.problems.append(Problem(_("В файле нет строк с данными: только заголовки.")))
        return plan
    if len(data) > MAX_ROWS:
        plan.problems.append(
            Problem(
                _("В файле больше %(limit)s строк с данными: разделите его на несколько.")
                % {"limit": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        )
        return plan

    row_problems: list[Problem] = []
    for number, values in data:
        parsed, problems = _parse_row(number, values, columns)
        row = PlanRow(number, parsed)
        plan.rows.append(row)
        row_problems.extend(problems)
    unreadable = {p.row for p in row_problems}
    readable = [row for row in plan.rows if row.number not in unreadable]
    row_problems.extend(_duplicates_in_file(readable))
    unreadable = {p.row for p in row_problems}
    row_problems.extend(
        _classify([r for r in readable if r.number not in unreadable], organisation)
    )
    plan.problems.extend(sorted(row_problems, key=lambda p: p.row))
    rows = {row.number: row for row in plan.rows}
    for problem in plan.problems:
        rows[problem.row].action = Action.ERROR
        rows[problem.row].problems.append(problem)
    plan.new_associations = _new_associations(plan, organisation)
    return plan


def _new_associations(plan, organisation) -> list[str]:
    existing = {fold(a.name) for a in organisation.methodical_associations.all()}
    new: dict[str, str] = {}
    for row in plan.rows:
        name = row.values.get("methodical_association")
        if name and row.action != Action.ERROR and fold(name) not in existing:
            new.setdefault(fold(name), name)
    return list(new.values())


# Writing.


def _associations(plan, organisation) -> dict[str, MethodicalAssociation]:
    """Every МО the plan names, by folded name; the missing ones are created."""
    found = {fold(a.name): a for a in organisation.methodical_associations.all()}
    for name in plan.new_associations:
        if fold(name) not in found:
            found[fold(name)], _created = MethodicalAssociation.objects.get_or_create(
                organisation=organisation, name=name
            )
    return found


def _apply(person: Person, row: PlanRow, associations, keys) -> None:
    for key in keys:
        value = row.values[key]
        if key == "methodical_association":
            person.methodical_association = associations[fold(value)]
        else:
            setattr(person, key, value)
    person.search_text = person.make_search_text()


@transaction.atomic
def import_people(*, plan: ImportPlan, organisation: Organisation, user=None) -> ImportResult:
    """Write a plan made by ``parse_people_workbook``: all of it, or nothing.

    Raises ValidationError when the plan has problems, or when the people it updates changed
    since it was made (then the file should be checked again).
    """
    if plan.organisation_id != organisation.pk:
        raise ValueError("The plan was made for another organisation.")
    if plan.has_errors:
        raise ValidationError([str(problem) for problem in plan.problems])
    existing_associations = organisation.methodical_associations.count()
    associations = _associations(plan, organisation)
    reason = str(CHANGE_REASON)

    new = []
    for row in plan.rows:
        if row.action == Action.NEW:
            person = Person(organisation=organisation)
            _apply(person, row, associations, row.values)
            new.append(person)
    bulk_create_with_history(
        new, Person, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
    )

    updates = [row for row in plan.rows if row.action == Action.UPDATE]
    current = (
        organisation.people.identified()
        .select_for_update()
        .in_bulk([row.person.pk for row in updates])
    )
    if len(current) != len(updates):
        raise ValidationError(
            _("Пока файл проверялся, список участников изменился: проверьте файл ещё раз.")
        )
    now = timezone.now()
    changed_fields = {"search_text", "updated_at"}
    updated = []
    for row in updates:
        person = current[row.person.pk]
        _apply(person, row, associations, row.changes)
        person.updated_at = now
        changed_fields.update(row.changes)
        updated.append(person)
    if updated:
        bulk_update_with_history(
            updated,
            Person,
            sorted(changed_fields),
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=reason,
        )
    return ImportResult(
        created=len(new),
        updated=len(updated),
        unchanged=plan.counts[Action.UNCHANGED],
        associations_created=organisation.methodical_associations.count() - existing_associations,
    )


# The template a curator fills in.

EXAMPLE_ROW = {
    "last_name": "Иванова",
    "first_name": "Анна",
    "middle_name": "Сергеевна",
    "gender": "ж",
    "birth_date": datetime.date(1994, 3, 14),
    "kind": "педагог",
    "position": "учитель математики",
    "grade": "",
    "methodical_association": "МО учителей математики и информатики",
    "subjects": "математика, информатика",
    "qualification": "первая",
    "experience_start": datetime.date(2016, 9, 1),
    "hire_date": datetime.date(2020, 9, 1),
    "email": "ivanova@example.ru",
    "phone": "8 900 000-00-00",
}


def template_document() -> Document:
    """The XLSX to fill in: the header, one example row, and a sheet «Справка» that says what
    each column may hold."""
    notes = [
        (
            _("Как загружается"),
            "",
            _(
                "Участник узнаётся по электронной почте, а без неё — по ФИО и дате рождения: "
                "повторная загрузка того же файла ничего не меняет. Пустая ячейка не стирает "
                "уже внесённые данные. Если в файле есть ошибка, не загружается ничего."
            ),
        )
    ]
    reference = [
        (column.label, _("да") if column.required else _("нет"), str(column.hint))
        for column in COLUMNS
    ]
    return render_xlsx(
        [
            (
                _("Участники"),
                [column.header for column in COLUMNS],
                [[EXAMPLE_ROW[column.key] for column in COLUMNS]],
            ),
            (_("Справка"), [_("Столбец"), _("Обязательный"), _("Что вписать")], reference + notes),
        ],
        filename="shablon-uchastnikov.xlsx",
    )
