"""Approval marks (грифы) on a local act or a roadmap: РАССМОТРЕНО, СОГЛАСОВАНО, УТВЕРЖДЕНО.

An act is approved by an order: one signed in the product (``approved_order``) or, for acts
adopted on paper before the school began to use the product, the number and date typed in.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# The fields of the marks, in print order: forms list them after their own fields.
MARK_FIELDS = [
    "considered_by",
    "considered_protocol",
    "considered_on",
    "agreed_by",
    "agreed_protocol",
    "agreed_on",
    "approved_number",
    "approved_on",
]


class ApprovalMarks(models.Model):
    considered_by = models.CharField(
        _("где рассмотрено"), max_length=200, blank=True, default="на педагогическом совете"
    )
    considered_protocol = models.CharField(_("номер протокола"), max_length=30, blank=True)
    considered_on = models.DateField(_("дата рассмотрения"), null=True, blank=True)
    agreed_by = models.CharField(
        _("с кем согласовано"),
        max_length=200,
        blank=True,
        help_text=_("Например, «на заседании МО» или «с первичной профсоюзной организацией»."),
    )
    agreed_protocol = models.CharField(_("номер протокола согласования"), max_length=30, blank=True)
    agreed_on = models.DateField(_("дата согласования"), null=True, blank=True)
    approved_order = models.ForeignKey(
        "roadmap.Order",
        verbose_name=_("утверждено приказом"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_number = models.CharField(
        _("номер приказа об утверждении"),
        max_length=30,
        blank=True,
        help_text=_("Если приказ издан не в системе, например «90-од»."),
    )
    approved_on = models.DateField(_("дата приказа об утверждении"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # A paper order is identified by its number and its date together.
        if self.approved_number and not self.approved_on:
            raise ValidationError({"approved_on": _("Укажите дату приказа об утверждении.")})
        if self.approved_on and not self.approved_number:
            raise ValidationError({"approved_number": _("Укажите номер приказа об утверждении.")})

    @property
    def approval(self) -> tuple[str, object] | None:
        """(number, date) of the approving order, or None while not approved. A signed order of
        the product wins over typed-in details."""
        order = self.approved_order
        if order is not None and order.is_signed:
            return order.number_text, order.signed_on
        if self.approved_number and self.approved_on:
            return self.approved_number, self.approved_on
        return None

    @property
    def is_approved(self) -> bool:
        return self.approval is not None
