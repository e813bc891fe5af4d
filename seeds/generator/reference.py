"""Static reference data of the generator: contract columns, code lists, names and places.

Everything here is a plain constant (tuples, no sets), so that the order in which values
are drawn never depends on hashing. Names are small built-in lists; e-mail addresses use
the reserved `example` domains and phone numbers the fictional 555-01xx range.
"""

from __future__ import annotations

from typing import NamedTuple

# --- the input contract (CONTRACT.md): column names and order, per entity ---------------

ENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "account_id",
        "customer_name",
        "email",
        "phone",
        "state",
        "timezone",
        "segment",
        "product",
        "client",
        "opened_on",
    ),
    "invoices": ("invoice_id", "account_id", "issued_on", "due_on", "amount", "currency"),
    "adjustments": ("adjustment_id", "account_id", "invoice_id", "effective_on", "amount", "kind"),
    "payments": (
        "payment_id",
        "account_id",
        "invoice_id",
        "received_at",
        "amount",
        "currency",
        "method",
        "reverses_payment_id",
    ),
    "actions": (
        "action_id",
        "account_id",
        "collector_id",
        "channel",
        "direction",
        "occurred_at",
        "outcome",
        "duration_s",
        "template",
    ),
    "promises": (
        "promise_id",
        "account_id",
        "collector_id",
        "action_id",
        "created_at",
        "due_on",
        "amount",
    ),
    "payment_plans": (
        "plan_id",
        "account_id",
        "collector_id",
        "created_on",
        "first_due_on",
        "installments",
        "installment_amount",
        "frequency",
    ),
    "disputes": ("dispute_id", "account_id", "opened_at", "verified_at", "resolved_at", "outcome"),
    "collectors": ("collector_id", "name", "team", "hired_on", "active"),
}
ENTITIES: tuple[str, ...] = tuple(ENTITY_COLUMNS)
MONTHLY_ENTITIES: tuple[str, ...] = (
    "invoices",
    "adjustments",
    "payments",
    "actions",
    "promises",
    "payment_plans",
    "disputes",
)

# --- code lists (contract) ---------------------------------------------------------------

SEGMENTS = ("consumer", "commercial")
ADJUSTMENT_KINDS = ("fee", "interest", "credit", "settlement", "write_off")
METHODS = ("ach", "card", "check", "cash")
FREQUENCIES = ("weekly", "biweekly", "monthly")
CHANNELS = ("call", "sms", "email", "letter", "visit")
DIRECTIONS = ("outbound", "inbound")
OUTCOMES = (
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
)
OUTCOME = {name: i for i, name in enumerate(OUTCOMES)}
RPC_OUTCOMES = (
    "right_party_contact",
    "promise_to_pay",
    "refused",
    "dispute",
    "cease_request",
    "attorney_represented",
)
TEMPLATES = (
    "validation_notice",
    "verification",
    "cease_acknowledgement",
    "payment_reminder",
    "past_due_notice",
    "final_demand",
    "settlement_offer",
    "payment_reminder_sms",
    "past_due_sms",
    "payment_reminder_email",
    "past_due_email",
    "settlement_offer_email",
)
TEMPLATE = {name: i for i, name in enumerate(TEMPLATES)}
DISPUTE_OUTCOMES = ("upheld", "corrected", "withdrawn")
TEAMS = ("early_stage", "late_stage", "recovery", "commercial")

# --- places --------------------------------------------------------------------------


class State(NamedTuple):
    """A US state: population weight, default IANA zone, other zones used in it, area codes."""

    code: str
    weight: float
    zone: str
    other_zones: tuple[str, ...]
    area_codes: tuple[str, ...]


STATES: tuple[State, ...] = (
    State("CA", 12.0, "America/Los_Angeles", (), ("213", "415", "619", "916")),
    State("TX", 9.0, "America/Chicago", ("America/Denver",), ("214", "512", "713", "915")),
    State("FL", 7.0, "America/New_York", ("America/Chicago",), ("305", "407", "813", "850")),
    State("NY", 6.0, "America/New_York", (), ("212", "516", "716", "718")),
    State("PA", 4.0, "America/New_York", (), ("215", "412")),
    State("IL", 4.0, "America/Chicago", (), ("312", "217")),
    State("OH", 3.5, "America/New_York", (), ("614", "216")),
    State("GA", 3.3, "America/New_York", (), ("404", "912")),
    State("NC", 3.2, "America/New_York", (), ("704", "919")),
    State("MI", 3.0, "America/Detroit", ("America/Menominee",), ("313", "616", "906")),
    State("NJ", 2.8, "America/New_York", (), ("201", "609")),
    State("VA", 2.6, "America/New_York", (), ("703", "804")),
    State("WA", 2.3, "America/Los_Angeles", (), ("206", "509")),
    State("AZ", 2.2, "America/Phoenix", ("America/Denver",), ("602", "928")),
    State("MA", 2.1, "America/New_York", (), ("617", "413")),
    State("TN", 2.1, "America/Chicago", ("America/New_York",), ("615", "865")),
    State("IN", 2.0, "America/Indiana/Indianapolis", ("America/Chicago",), ("317", "219")),
    State("MO", 1.8, "America/Chicago", (), ("314", "816")),
    State("MD", 1.8, "America/New_York", (), ("410", "301")),
    State("CO", 1.7, "America/Denver", (), ("303", "719")),
    State("MN", 1.7, "America/Chicago", (), ("612", "218")),
    State("OR", 1.3, "America/Los_Angeles", ("America/Boise",), ("503", "541")),
    State("KY", 1.3, "America/New_York", ("America/Chicago",), ("502", "270")),
    State("LA", 1.4, "America/Chicago", (), ("504", "225")),
    State("UT", 1.0, "America/Denver", (), ("801", "435")),
    State("NV", 1.0, "America/Los_Angeles", (), ("702", "775")),
    State("NM", 0.6, "America/Denver", (), ("505", "575")),
    State("ID", 0.6, "America/Boise", ("America/Los_Angeles",), ("208", "986")),
    State("HI", 0.5, "Pacific/Honolulu", (), ("808",)),
    State("AK", 0.3, "America/Anchorage", ("America/Adak",), ("907",)),
)
STATE_CODES: tuple[str, ...] = tuple(s.code for s in STATES)


def zone_names() -> tuple[str, ...]:
    """Every zone the generator may use, in a fixed order (defaults first, then others)."""
    names: list[str] = []
    for state in STATES:
        for zone in (state.zone, *state.other_zones):
            if zone not in names:
                names.append(zone)
    return tuple(names)


ZONES: tuple[str, ...] = zone_names()

# --- products and clients -------------------------------------------------------------


class Product(NamedTuple):
    """A product line: segment, weight within it, monthly interest (basis points), late fee."""

    name: str
    segment: int
    weight: float
    interest_bp: int
    fee_cents: int
    client_share: float
    client: str


PRODUCTS: tuple[Product, ...] = (
    Product("telecom", 0, 0.30, 0, 1500, 0.40, "Fabrikam Mobile"),
    Product("utility", 0, 0.25, 0, 2000, 0.40, "Northwind Energy"),
    Product("credit_card", 0, 0.20, 200, 3900, 0.50, "Woodgrove Bank"),
    Product("personal_loan", 0, 0.10, 120, 2500, 0.50, "Woodgrove Bank"),
    Product("medical", 0, 0.15, 0, 0, 0.90, "Contoso Health"),
    Product("trade_credit", 1, 0.60, 150, 5000, 0.30, "Litware Wholesale"),
    Product("equipment_lease", 1, 0.20, 100, 7500, 0.0, ""),
    Product("utility", 1, 0.20, 0, 5000, 0.40, "Northwind Energy"),
)
CLIENTS: tuple[str, ...] = (
    "Fabrikam Mobile",
    "Northwind Energy",
    "Woodgrove Bank",
    "Contoso Health",
    "Litware Wholesale",
)

# --- people and businesses (display name, ASCII slug for e-mail addresses) -----------------

FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("James", "james"), ("Mary", "mary"), ("Robert", "robert"), ("Patricia", "patricia"),
    ("John", "john"), ("Jennifer", "jennifer"), ("Michael", "michael"), ("Linda", "linda"),
    ("David", "david"), ("Elizabeth", "elizabeth"), ("William", "william"), ("Barbara", "barbara"),
    ("Richard", "richard"), ("Susan", "susan"), ("Joseph", "joseph"), ("Jessica", "jessica"),
    ("Thomas", "thomas"), ("Sarah", "sarah"), ("Charles", "charles"), ("Karen", "karen"),
    ("Christopher", "christopher"), ("Lisa", "lisa"), ("Daniel", "daniel"), ("Nancy", "nancy"),
    ("Matthew", "matthew"), ("Betty", "betty"), ("Anthony", "anthony"), ("Sandra", "sandra"),
    ("Mark", "mark"), ("Ashley", "ashley"), ("José", "jose"), ("María", "maria"),
    ("Luis", "luis"), ("Sofía", "sofia"), ("Ángel", "angel"), ("Chloé", "chloe"),
    ("Zoë", "zoe"), ("Renée", "renee"), ("Wei", "wei"), ("Mei", "mei"), ("Minh", "minh"),
    ("Thi", "thi"), ("Priya", "priya"), ("Arjun", "arjun"), ("Fatima", "fatima"),
    ("Omar", "omar"), ("Aaliyah", "aaliyah"), ("DeShawn", "deshawn"), ("Keanu", "keanu"),
    ("Leilani", "leilani"), ("Siobhan", "siobhan"), ("Seán", "sean"), ("Bjorn", "bjorn"),
    ("Ingrid", "ingrid"), ("Dmitri", "dmitri"), ("Olga", "olga"), ("Kwame", "kwame"),
    ("Amara", "amara"), ("Hiroshi", "hiroshi"), ("Yuki", "yuki"),
)  # fmt: skip
LAST_NAMES: tuple[tuple[str, str], ...] = (
    ("Smith", "smith"), ("Johnson", "johnson"), ("Williams", "williams"), ("Brown", "brown"),
    ("Jones", "jones"), ("Garcia", "garcia"), ("Miller", "miller"), ("Davis", "davis"),
    ("Rodriguez", "rodriguez"), ("Martinez", "martinez"), ("Hernandez", "hernandez"),
    ("Lopez", "lopez"), ("Gonzalez", "gonzalez"), ("Wilson", "wilson"), ("Anderson", "anderson"),
    ("Thomas", "thomas"), ("Taylor", "taylor"), ("Moore", "moore"), ("Jackson", "jackson"),
    ("Martin", "martin"), ("Lee", "lee"), ("Perez", "perez"), ("Thompson", "thompson"),
    ("White", "white"), ("Harris", "harris"), ("Sanchez", "sanchez"), ("Clark", "clark"),
    ("Ramirez", "ramirez"), ("Lewis", "lewis"), ("Robinson", "robinson"), ("Walker", "walker"),
    ("Young", "young"), ("Allen", "allen"), ("King", "king"), ("Wright", "wright"),
    ("Scott", "scott"), ("Torres", "torres"), ("Nguyen", "nguyen"), ("Hill", "hill"),
    ("Flores", "flores"), ("Green", "green"), ("Adams", "adams"), ("Nelson", "nelson"),
    ("Baker", "baker"), ("Hall", "hall"), ("Rivera", "rivera"), ("Campbell", "campbell"),
    ("Mitchell", "mitchell"), ("Carter", "carter"), ("Roberts", "roberts"),
    ("O'Brien", "obrien"), ("O'Neil", "oneil"), ("D'Angelo", "dangelo"), ("McDonald", "mcdonald"),
    ("García", "garcia"), ("Núñez", "nunez"), ("Peña", "pena"), ("Müller", "mueller"),
    ("Van der Berg", "vanderberg"), ("St. James", "stjames"), ("Kealoha", "kealoha"),
    ("Kowalski", "kowalski"), ("Okafor", "okafor"), ("Patel", "patel"), ("Kim", "kim"),
    ("Tanaka", "tanaka"), ("Wong", "wong"), ("Begay", "begay"), ("Yazzie", "yazzie"),
    ("Smith-Jones", "smithjones"),
)  # fmt: skip
SUFFIXES: tuple[str, ...] = ("", ", Jr.", ", Sr.", " III")
SUFFIX_WEIGHTS: tuple[float, ...] = (0.955, 0.025, 0.01, 0.01)
TRADES: tuple[tuple[str, str], ...] = (
    ("Plumbing", "plumbing"), ("Logistics", "logistics"), ("Dental Group", "dental"),
    ("Auto Repair", "auto"), ("Bakery", "bakery"), ("Construction", "construction"),
    ("Consulting", "consulting"), ("Hardware", "hardware"), ("Landscaping", "landscaping"),
    ("Printing", "printing"), ("Farms", "farms"), ('"Corner" Café', "cornercafe"),
)  # fmt: skip
LEGAL_FORMS: tuple[str, ...] = (", LLC", ", Inc.", " & Sons", " Co.", " Holdings, LLC", "")
EMAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.net", "example.org")
