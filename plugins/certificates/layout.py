"""What a 志愿服务证明 says and in which order: the one field list the HTML and PDF renderers both lay out.

The fields are those 民发〔2015〕149号 requires: identity (name, ID type and
number, volunteer number), service (period, hours, content), issuer (name,
person in charge, handler, contact), the certificate number and the date.
Labels come from the plugin's catalogue in the program's locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from linli.core import t

if TYPE_CHECKING:
    from linli.plugins.certificates.issue import CertificateFacts

VOLUNTEER_FIELDS = ("member_name", "id_type", "id_number", "volunteer_number", "period", "hours", "content")
ISSUER_FIELDS = ("issuer", "person_in_charge", "handler", "contact", "issued_on")


@dataclass(frozen=True)
class Layout:
    """The certificate's text, top to bottom; rows are (label, value)."""

    title: str
    number: str
    number_line: str
    volunteer: tuple[tuple[str, str], ...]
    statement: str
    issuer: tuple[tuple[str, str], ...]
    basis: str


def layout(facts: CertificateFacts, locale: str) -> Layout:
    def hours(minutes: int) -> str:
        return f"{minutes / 60:.1f}"

    items = [t("certificates.content_item", locale, category=category, hours=hours(minutes)) for category, minutes in facts.content]
    values = {
        "member_name": facts.member_name,
        "id_type": facts.id_type or t("certificates.id_unregistered", locale),
        "id_number": facts.id_number,
        "volunteer_number": facts.volunteer_number,
        "period": facts.period or t("certificates.period_all", locale),
        "hours": t("certificates.hours_value", locale, hours=hours(facts.minutes)),
        "content": t("certificates.content_separator", locale).join(items) or t("certificates.no_content", locale),
        "issuer": facts.issuer.name,
        "person_in_charge": facts.issuer.person_in_charge,
        "handler": facts.handler,
        "contact": facts.issuer.contact,
        "issued_on": t("certificates.date", locale, year=facts.issued_on.year, month=facts.issued_on.month, day=facts.issued_on.day),
    }
    return Layout(
        title=t("certificates.title", locale),
        number=facts.number,
        number_line=t("certificates.number_line", locale, number=facts.number),
        volunteer=tuple((t(f"certificates.{key}", locale), values[key]) for key in VOLUNTEER_FIELDS),
        statement=t("certificates.statement", locale),
        issuer=tuple((t(f"certificates.{key}", locale), values[key]) for key in ISSUER_FIELDS),
        basis=t("certificates.basis", locale),
    )
