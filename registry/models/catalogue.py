"""Catalogues that ship with the product and that each organisation extends with its own rows
(topics, forms of mentoring, programme templates): a row with no organisation is shipped."""

from django.db import models
from django.db.models import Q

from registry.models.people import fold


class CatalogueQuerySet(models.QuerySet):
    def shipped_or_own(self, organisation):
        """The shipped rows and ``organisation``'s own, in use or not."""
        return self.filter(Q(organisation=None) | Q(organisation=organisation))

    def for_organisation(self, organisation):
        """What the organisation picks from: the shipped rows and its own, in use."""
        return self.shipped_or_own(organisation).filter(is_active=True)

    def named(self, name: str) -> list:
        """Rows whose name equals ``name`` ignoring case, spaces and «ё». Compared in Python:
        SQLite folds only ASCII letters in SQL."""
        wanted = fold(" ".join(name.split()))
        return [row for row in self if fold(" ".join(row.name.split())) == wanted]
