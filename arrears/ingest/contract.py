"""The input contract of each landing entity, as data: columns, types and code lists.

This mirrors docs/data_contract.md. Ingestion checks every row against it; a row that
breaks it goes to quarantine with a reason code. Business rules do not live here: only
what makes a row well-formed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["text", "date", "timestamp", "money", "integer", "boolean", "code", "state", "tz"]

ENTITY_ORDER = (
    "accounts",
    "collectors",
    "invoices",
    "adjustments",
    "payments",
    "actions",
    "promises",
    "payment_plans",
    "disputes",
)

US_STATES = frozenset(
    (
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
        "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP"
    ).split()
)


@dataclass(frozen=True)
class Column:
    """One input column: its name, whether it is required, and what it must parse as."""

    name: str
    kind: Kind = "text"
    required: bool = False
    codes: tuple[str, ...] = ()
    # Added to the contract after files were first loaded (optional, wave 2): an empty value
    # leaves the row hash what it was before the column existed, and a raw table created
    # before it gets the column on the next load.
    added_later: bool = False


@dataclass(frozen=True)
class Entity:
    """One landing entity: its columns, its id, and its row-level sign rules."""

    name: str
    id_column: str
    columns: tuple[Column, ...]
    # A later batch may restate a row (newest wins) instead of it being a conflicting duplicate.
    restatable: bool = False
    # Whether rows must reference an account already loaded.
    references_account: bool = True
    has_currency: bool = False
    # SQL conditions that must hold (over typed values), with the reason when they don't.
    sign_rules: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(
    name: str,
    kind: Kind = "text",
    required: bool = False,
    codes: tuple[str, ...] = (),
    added_later: bool = False,
):
    return Column(name, kind, required, codes, added_later)


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity(
            "accounts",
            "account_id",
            (
                _c("account_id", required=True),
                _c("customer_name", required=True),
                _c("email"),
                _c("phone"),
                _c("state", "state", required=True),
                _c("timezone", "tz"),
                _c("segment", "code", required=True, codes=("consumer", "commercial")),
                _c("product"),
                _c("client"),
                _c("opened_on", "date", required=True),
                # the date from which this version's attributes hold (SCD2 by effect, not load)
                _c("effective_on", "date", added_later=True),
            ),
            restatable=True,
            references_account=False,
        ),
        Entity(
            "collectors",
            "collector_id",
            (
                _c("collector_id", required=True),
                _c("name", required=True),
                _c("team", required=True),
                _c("hired_on", "date"),
                _c("active", "boolean"),
            ),
            references_account=False,
        ),
        Entity(
            "invoices",
            "invoice_id",
            (
                _c("invoice_id", required=True),
                _c("account_id", required=True),
                _c("issued_on", "date", required=True),
                _c("due_on", "date", required=True),
                _c("amount", "money", required=True),
                _c("currency"),
            ),
            has_currency=True,
            sign_rules=(("amount > 0", "an invoice amount must be greater than 0"),),
        ),
        Entity(
            "adjustments",
            "adjustment_id",
            (
                _c("adjustment_id", required=True),
                _c("account_id", required=True),
                _c("invoice_id"),
                _c("effective_on", "date", required=True),
                _c("amount", "money", required=True),
                _c(
                    "kind",
                    "code",
                    required=True,
                    codes=("fee", "interest", "credit", "settlement", "write_off"),
                ),
            ),
            sign_rules=(
                (
                    "(kind in ('fee', 'interest') and amount > 0)"
                    " or (kind in ('credit', 'settlement', 'write_off') and amount < 0)",
                    "fee and interest amounts must be > 0; credit, settlement and write_off < 0",
                ),
            ),
        ),
        Entity(
            "payments",
            "payment_id",
            (
                _c("payment_id", required=True),
                _c("account_id", required=True),
                _c("invoice_id"),
                _c("received_at", "timestamp", required=True),
                _c("amount", "money", required=True),
                _c("currency"),
                _c("method"),
                _c("reverses_payment_id"),
            ),
            has_currency=True,
            sign_rules=(
                (
                    "(reverses_payment_id is null and amount > 0)"
                    " or (reverses_payment_id is not null and amount < 0)",
                    "a payment amount must be > 0, a reversal's (reverses_payment_id set) < 0",
                ),
            ),
        ),
        Entity(
            "actions",
            "action_id",
            (
                _c("action_id", required=True),
                _c("account_id", required=True),
                _c("collector_id"),
                _c(
                    "channel",
                    "code",
                    required=True,
                    codes=("call", "sms", "email", "letter", "visit"),
                ),
                _c("direction", "code", required=True, codes=("outbound", "inbound")),
                _c("occurred_at", "timestamp", required=True),
                _c(
                    "outcome",
                    "code",
                    required=True,
                    codes=(
                        "no_answer",
                        "left_message",
                        "wrong_party",
                        "right_party_contact",
                        "promise_to_pay",
                        "refused",
                        "dispute",
                        "cease_request",
                        "attorney_represented",
                        "sent",
                        "delivered",
                        "bounced",
                    ),
                ),
                _c("duration_s", "integer"),
                _c("template"),
            ),
        ),
        Entity(
            "promises",
            "promise_id",
            (
                _c("promise_id", required=True),
                _c("account_id", required=True),
                _c("collector_id"),
                _c("action_id"),
                _c("created_at", "timestamp", required=True),
                _c("due_on", "date", required=True),
                _c("amount", "money", required=True),
            ),
            sign_rules=(("amount > 0", "a promised amount must be greater than 0"),),
        ),
        Entity(
            "payment_plans",
            "plan_id",
            (
                _c("plan_id", required=True),
                _c("account_id", required=True),
                _c("collector_id"),
                _c("created_on", "date", required=True),
                _c("first_due_on", "date", required=True),
                _c("installments", "integer", required=True),
                _c("installment_amount", "money", required=True),
                _c("frequency", "code", required=True, codes=("weekly", "biweekly", "monthly")),
            ),
            sign_rules=(
                (
                    "installments > 0 and installment_amount > 0",
                    "installments and installment_amount must be greater than 0",
                ),
            ),
        ),
        Entity(
            "disputes",
            "dispute_id",
            (
                _c("dispute_id", required=True),
                _c("account_id", required=True),
                _c("opened_at", "timestamp", required=True),
                _c("verified_at", "timestamp"),
                _c("resolved_at", "timestamp"),
                _c("outcome"),
                # letter, email, web: written; call, visit: oral; empty: written
                _c(
                    "channel",
                    "code",
                    codes=("letter", "email", "web", "call", "visit"),
                    added_later=True,
                ),
            ),
            restatable=True,
        ),
    )
}

assert tuple(sorted(ENTITIES)) == tuple(sorted(ENTITY_ORDER))
