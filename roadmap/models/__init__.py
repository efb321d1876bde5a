from roadmap.models.calendars import CalendarFeed
from roadmap.models.marks import ApprovalMarks
from roadmap.models.orders import Order, OrderJournal, OrderPerson
from roadmap.models.public import News, PublicSection
from roadmap.models.regulations import NormativeDocument, Regulation, RegulationVersion
from roadmap.models.reminders import ReminderPreference, ReminderSent
from roadmap.models.reports import AnnualReport
from roadmap.models.roadmaps import Activity, Roadmap, Stage, Target

__all__ = [
    "Activity",
    "AnnualReport",
    "ApprovalMarks",
    "CalendarFeed",
    "News",
    "NormativeDocument",
    "Order",
    "OrderJournal",
    "OrderPerson",
    "PublicSection",
    "Regulation",
    "RegulationVersion",
    "ReminderPreference",
    "ReminderSent",
    "Roadmap",
    "Stage",
    "Target",
]
