"""Why the ledger refuses a transfer, in words from the ``ledger`` message catalogue."""

from __future__ import annotations

from typing import Any

from linli.core.errors import Refused
from linli.core.i18n import t


class LedgerError(Refused):
    """A transfer or account the ledger will not record; nothing was written."""


class KeyReused(LedgerError):
    """An idempotency key already names a transfer with different content.

    A retry must repeat the request exactly; a different request under the
    same key is a bug in the caller, and returning the old transfer would hide it.
    """

    def __init__(self, key: str) -> None:
        super().__init__("ledger.key_reused", key=key)


class AlreadyReversed(LedgerError):
    """A transfer can be reversed once; a second correction needs a new transfer."""

    def __init__(self, transfer_id: int, reversal_id: int) -> None:
        super().__init__("ledger.already_reversed", transfer_id=transfer_id, reversal_id=reversal_id)


class InsufficientBalance(LedgerError):
    """A debit would take an account that may not go negative below zero."""

    def __init__(self, account_id: int, account: str, unit: str, needed: int, available: int) -> None:
        super().__init__(
            "ledger.insufficient",
            account=account,
            unit=unit,
            needed=needed,
            available=available,
            shortfall=needed - available,
        )
        self.account_id = account_id
        self.shortfall = needed - available

    def render(self, locale: str | None = None) -> str:
        # The unit is a code ("points"); people read its name in their language.
        params: dict[str, Any] = {**self.params, "unit": t(f"ledger.unit_{self.params['unit']}", locale)}
        return t(self.key, locale, **params)
