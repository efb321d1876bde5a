from roadmap.models.calendars import CalendarFeed
from roadmap.models.marks import ApprovalMarks
from roadmap.models.orders import Order, OrderJournal, OrderPerson
from roadmap.models.regulations import NormativeDocument, Regulation, RegulationVersion
from roadmap.models.roadmaps import Activity, Roadmap, Stage, Target

__all__ = [
    "Activity",
    "ApprovalMarks",
    "CalendarFeed",
    "NormativeDocument",
    "Order",
    "OrderJournal",
    "OrderPerson",
    "Regulation",
    "RegulationVersion",
    "Roadmap",
    "Stage",
    "Target",
]
