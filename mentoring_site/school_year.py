"""The school year (учебный год), 1 September to 31 August, named by the year it starts in: the
unit of plans, roadmaps, workloads, monitoring and reports in every app."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

# The first school year the product holds data for (the URLs of reports take a year).
FIRST_YEAR = 2000


@dataclass(frozen=True, order=True)
class SchoolYear:
    start: int

    @classmethod
    def of(cls, day: datetime.date) -> "SchoolYear":
        """15 March 2026 belongs to 2025/2026; 1 September 2026 begins 2026/2027."""
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def current(cls, on: datetime.date | None = None) -> "SchoolYear":
        return cls.of(on or timezone.localdate())

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start, 9, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start + 1, 8, 31)

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.starts_on, self.ends_on

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The first moment of the year and of the next one, in the current time zone: for
        filtering moments (answers submitted, rows created) rather than days."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime(self.start, 9, 1, tzinfo=zone)
        return start, start.replace(year=self.start + 1)

    @property
    def short(self) -> str:
        """«2026/2027»."""
        return f"{self.start}/{self.start + 1}"

    @property
    def label(self) -> str:
        """«2026/2027 учебный год»."""
        return _("%(year)s учебный год") % {"year": self.short}

    @property
    def slug(self) -> str:
        """«2026-2027», for file names."""
        return f"{self.start}-{self.start + 1}"

    def is_allowed(self) -> bool:
        """From FIRST_YEAR to the school year after the current one."""
        return FIRST_YEAR <= self.start <= SchoolYear.current().start + 1

    def on(self) -> datetime.date:
        """The day the year's state is read on: today, or the last day of a past year."""
        return min(timezone.localdate(), self.ends_on)
