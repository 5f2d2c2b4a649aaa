"""Bulk benchmark data: `manage.py seed_bench --tickets 100000`.

This command is for measuring, not for real use. It writes rows with `bulk_create` in
batches inside transactions and never calls the ticket actions (register_ticket, reply,
transition), which check entitlements, lock rows and queue notifications one ticket at a
time — right for real traffic, far too slow for 100,000 tickets. Instead it produces
rows that obey the same invariants the actions keep:

- customers have valid organisationsnummer; every ticket's team is its customer's
  industry team and its reporter is a SuperUser of that customer, trained for every
  module the customer licenses;
- bugs have a service level 1–5; every status is a state of the category's workflow
  (or Waiting, with a resume status); closed tickets have a close reason and closed_at;
- ticket numbers are unique YYYY-NNNNNN, reserved from `TicketCounter` before use, so
  later real registrations continue after them;
- `message_count` counts the messages, `last_activity_at` is the last message's time,
  and each ticket has a `created` event plus status, reply and note events;
- the service-level clock columns are set by `kundcenter.sla.clock`, as the actions do.

Bench data is marked (`kundcenter.demo.bench`): customers' organisationsnummer start
with 5599 and every bench person's e-mail ends with bench.example. Running again adds
more; `--reset` deletes the previous bench data first (ticket numbers are never handed
out twice). With DEBUG off it refuses unless given `--force` (`make bench` gives it: the
bench database is its own): real companies have organisationsnummer starting with 5599.
"""

from __future__ import annotations

import json
import random
import secrets
from bisect import bisect
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from kundcenter.accounts.models import (
    Industry,
    Licence,
    Membership,
    Module,
    Organization,
    Team,
    TrainingRecord,
    User,
)
from kundcenter.accounts.rules import superuser_quota
from kundcenter.demo.bench import (
    BENCH_DOMAIN,
    BENCH_ORG_PREFIX,
    TOPICS,
    bench_organizations,
    bench_users,
)
from kundcenter.demo.safety import refuse_without_debug
from kundcenter.knowledge import suggestion_counts
from kundcenter.knowledge.models import Article, SuggestionLog
from kundcenter.lib.bench import Stopwatch, format_duration, progress
from kundcenter.lib.orgnr import with_check_digit
from kundcenter.outbox import events as outbox_events
from kundcenter.sla import clock
from kundcenter.tickets import counts, customer_counts, timings
from kundcenter.tickets.models import (
    Channel,
    Message,
    PhoneCall,
    Ticket,
    TicketCounter,
    TicketEvent,
)
from kundcenter.tickets.workflows import (
    WORKFLOWS,
    Category,
    CloseReason,
    Lane,
    Status,
    pauses_clock,
)

Kind = TicketEvent.Kind


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Anna Eva Maria Karin Sara Lena Emma Kerstin Ingrid Linnea Elin Sofia Maja Ida Johanna "
    "Erik Lars Karl Anders Johan Per Nils Mikael Jonas Oskar Lucas Hugo Olle Fredrik Magnus"
)
LAST_NAMES = _words(
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Lindberg Lindqvist Berg Holm Sandberg Lund Ström Bergström Nyström "
    "Wikström Engström Håkansson Sjöberg Forsberg Ek Dahl Björk Lundgren"
)
PLACES = _words(
    "Norrlands Mälardalens Västkust Skånes Gotlands Dalarnas Värmlands Smålands Roslagens "
    "Bergslagens Hallands Norrbottens Östgöta Upplands Sörmlands"
)
COMPANY_FORMS = ("AB", "AB", "AB", "AB", "HB", "Ekonomisk förening")
INDUSTRY_WORDS = {
    "El- och VVS-installatörer": ("El & VVS", "Elinstallation", "Rör"),
    "Bygg": ("Bygg", "Bygg & Montage", "Snickeri"),
    "Transport": ("Transport", "Åkeri", "Logistik"),
    "Plåt & Vent": ("Plåt & Vent", "Ventilation", "Plåtslageri"),
    "Energi": ("Energi", "Kraft", "Solenergi"),
    "Säkerhet/Lås/Larm": ("Lås & Larm", "Säkerhet", "Bevakning"),
    "IT-företag": ("IT", "Data", "Systemutveckling"),
    "Dagligvaruhandel": ("Livs", "Matmarknad", "Handelsbod"),
    "Detaljhandel": ("Handel", "Butiker", "Detaljhandel"),
    "Fackhandel": ("Järn", "Färg", "Sport"),
    "Vård/Omsorg": ("Omsorg", "Vård", "Hemtjänst"),
    "Hotell & Restaurang": ("Hotell", "Restauranger", "Krog"),
    "Tillverkande företag": ("Mekaniska", "Industri", "Verkstad"),
    "Organisationer": ("Förbund", "Förening", "Stiftelse"),
    "Redovisning/Revision": ("Redovisning", "Revision", "Bokföring"),
    "Bank & Finans": ("Finans", "Kapital", "Sparbank"),
    "Lantbruk": ("Lantbruk", "Gård", "Skog & Lant"),
}
BUG_TITLES = (
    "{topic} visar fel belopp",
    "{topic} går inte att öppna",
    "felkod 500 i {topic}",
    "{topic} låser sig vid sparande",
    "{topic} tappar rader",
    "utskriften av {topic} blir tom",
)
SUPPORT_TITLES = (
    "Fråga om {topic}",
    "Hur ändrar vi {topic}?",
    "Var hittar jag {topic}?",
    "Hjälp med {topic}",
    "{topic} inför månadsskiftet",
)
REQUEST_TITLES = (
    "Önskemål: filter i {topic}",
    "Önskar export av {topic} till Excel",
    "Möjlighet att kopiera {topic}",
    "Fler kolumner i {topic}",
)
ORDER_TITLES = (
    "Beställning: ny mall för {topic}",
    "Beställning: utbildning i {topic}",
    "Beställning: uppsättning av {topic}",
    "Beställning: integration för {topic}",
)
TITLES = {
    Category.SUPPORT: SUPPORT_TITLES,
    Category.BUG: BUG_TITLES,
    Category.REQUEST: REQUEST_TITLES,
    Category.ORDER: ORDER_TITLES,
}
WORDS = _words(
    "vi har problem med att rapporten inte stämmer efter uppdateringen och behöver hjälp "
    "snarast kunden ser fel summa på fakturan när momsen räknas om i perioden det gäller "
    "flera anställda sedan förra lönekörningen kan ni titta på inställningarna för "
    "kontoplanen vi har provat att logga ut och in igen men felet kvarstår tack för "
    "snabbt svar jag bifogar en skärmbild av felmeddelandet som dyker upp varje gång "
    "vi försöker spara ändringen i registret"
)
STAFF_PHRASES = (
    "Tack för ditt ärende.",
    "Vi har tittat på inställningarna.",
    "Kan du skicka en skärmbild?",
    "Felet är rättat i nästa version.",
    "Prova gärna igen nu.",
    "Vi återkommer under dagen.",
)
NOTE_PHRASES = (
    "Internt: kontrollerat mot kundens licens.",
    "Internt: liknande fall förra veckan.",
    "Internt: väntar på svar från produktavdelningen.",
    "Internt: kunden har ringt in.",
)
CATEGORY_WEIGHTS = (
    (Category.SUPPORT, 55),
    (Category.BUG, 20),
    (Category.REQUEST, 10),
    (Category.ORDER, 15),
)
LEVEL_WEIGHTS = ((1, 3), (2, 10), (3, 25), (4, 22), (5, 40))
CHANNEL_WEIGHTS = ((Channel.PORTAL, 75), (Channel.EMAIL, 20), (Channel.PHONE, 5))
# The share of orders placed from the service catalog (channel catalog): like
# catalog.actions.order_service they have no module and start with the consultants.
CATALOG_ORDER_SHARE = 0.4
# The bench's knowledge-base articles (bench_search's own start with "bench-").
ARTICLE_SLUG = "seed-bench-kb-"
EARLY_CLOSE = (CloseReason.DECLINED, CloseReason.DUPLICATE, CloseReason.WITHDRAWN)
# Office-ish hours get most registrations.
HOUR_WEIGHTS = [1] * 7 + [6, 10, 10, 9, 6, 8, 9, 8, 6, 3, 2] + [1] * 6
# Where a ticket sits (which lane) in each state, per category; others stay with support.
PRODUCT_STATES = {
    Category.BUG: {Status.ESCALATED, Status.IN_PROGRESS, Status.DELIVERED},
    Category.REQUEST: {Status.PRODUCT_COUNCIL, Status.PLANNED, Status.DELIVERED},
}
CONSULTANT_STATES = {
    Category.ORDER: {
        Status.RECEIVED,
        Status.COST_PROPOSAL,
        Status.PLANNED,
        Status.IN_PROGRESS,
        Status.DELIVERED,
        Status.CLOSED,
    },
}


def _weighted(pairs):
    values, weights = zip(*pairs, strict=True)
    return list(values), list(accumulate(weights))


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("åäöé", "aaoe")).replace(" ", "")


def lane_for(category: str, status: str, channel: str = Channel.PORTAL) -> str:
    if status in PRODUCT_STATES.get(category, ()):
        return Lane.PRODUCT
    if status in CONSULTANT_STATES.get(category, ()):
        return Lane.CONSULTANT
    if channel == Channel.CATALOG:
        return Lane.CONSULTANT  # a catalog order is the consultants' from the start
    return Lane.SUPPORT


MESSAGE_COLUMNS = ("ticket", "author", "body", "internal", "channel", "created_at")
EVENT_COLUMNS = (
    "ticket",
    "kind",
    "actor",
    "old_value",
    "new_value",
    "reason",
    "public",
    "created_at",
)


class RowWriter:
    """Insert plain rows with one `executemany` (COPY on PostgreSQL): no per-field hooks.

    `columns` name the fields each row gives, in order (all concrete fields but the
    primary key when omitted); any other column gets its field's default, so a field
    added to the model later does not break the seed.
    """

    def __init__(self, model, columns=None):
        if columns is None:
            columns = [f.name for f in model._meta.concrete_fields if not f.primary_key]
        fields = [model._meta.get_field(name) for name in columns]
        others = [f for f in model._meta.concrete_fields if f not in fields and not f.primary_key]
        self.attnames = [f.attname for f in fields]
        self.extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
        self.datetimes = [
            i for i, f in enumerate(fields) if f.get_internal_type() == "DateTimeField"
        ]
        quote = connection.ops.quote_name
        names = ", ".join(quote(f.column) for f in [*fields, *others])
        marks = ", ".join(["%s"] * (len(fields) + len(others)))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"
        self.copy_sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"

    def write(self, rows):
        adapt = connection.ops.adapt_datetimefield_value
        prepared = []
        for row in rows:
            row = list(row)
            for i in self.datetimes:
                if row[i] is not None:
                    row[i] = adapt(row[i])
            prepared.append((*row, *self.extra))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is PostgreSQL's bulk path: one stream instead of a statement a row.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, prepared)

    def write_objects(self, objects):
        """Insert model instances (their primary keys stay unset)."""
        attnames = self.attnames
        self.write([tuple(getattr(obj, name) for name in attnames) for obj in objects])


def delete_set_based(queryset, _path=()):
    """Delete `queryset` and what cascades from it with one DELETE per table.

    Django's `delete()` first loads every row and then deletes by batches of ids, which
    takes minutes for a million messages and events. Here each dependent table is emptied
    with `DELETE … WHERE fk IN (subquery)`, children first; SET_NULL references are
    cleared with one UPDATE. No signals are sent: for bench data only. PROTECT and
    RESTRICT are left to the database, which refuses the final delete.
    """
    model = queryset.model
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        child = rel.related_model
        if child in _path or child is model:
            continue  # a cycle (a self reference): the database decides
        dependents = child._base_manager.filter(**{f"{rel.field.name}__in": queryset})
        if rel.on_delete is models.CASCADE:
            delete_set_based(dependents, (*_path, model))
        elif rel.on_delete is models.SET_NULL:
            dependents.update(**{rel.field.name: None})
    queryset._raw_delete(queryset.db)


@contextmanager
def fast_writes():
    """Trade durability for speed on this connection while seeding (bench data only).

    SQLite skips fsync and keeps a bigger page cache; PostgreSQL skips waiting for the WAL
    flush at commit. Both are restored afterwards, so nothing else is affected. Inside an
    outer transaction (tests) SQLite may not change it, and there it would not matter.
    """
    vendor = connection.vendor
    if connection.in_atomic_block and vendor == "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
            cursor.execute("PRAGMA temp_store=MEMORY")
        elif vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA cache_size=-2000")
            elif vendor == "postgresql":
                cursor.execute("RESET synchronous_commit")


class Command(BaseCommand):
    help = "Create realistic benchmark customers, users, tickets and messages in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, default=100_000)
        parser.add_argument(
            "--customers", type=int, default=None, help="Default: one per 50 tickets."
        )
        parser.add_argument(
            "--messages-per-ticket", type=float, default=3.0, help="Average messages a ticket."
        )
        parser.add_argument("--specialists", type=int, default=8, help="Specialists per team.")
        parser.add_argument("--days", type=int, default=3 * 365, help="Spread tickets over days.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed (repeatable).")
        parser.add_argument("--batch-size", type=int, default=2000, help="Tickets a transaction.")
        parser.add_argument(
            "--password", default=None, help="Password of all bench users (default: random)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete previous bench data first."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (only into a database of its own).",
        )

    def handle(self, *args, **options):
        refuse_without_debug(
            "seed_bench",
            "benchmark data",
            "it adds thousands of invented tickets, and --reset deletes every customer whose "
            f"organisationsnummer starts with {BENCH_ORG_PREFIX}, as real companies' numbers may",
            force=options["force"],
        )
        watch = Stopwatch()
        tickets = options["tickets"]
        if tickets < 0 or options["batch_size"] < 1:
            raise CommandError("--tickets must be 0 or more and --batch-size at least 1.")
        customers = options["customers"] or max(1, tickets // 50)
        self.rng = random.Random(options["seed"])
        self.avg_messages = max(0.0, options["messages_per_ticket"])
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.verbose = options["verbosity"] >= 1
        password = options["password"] or secrets.token_urlsafe(12)
        # One hash for everyone: hashing per user would take longer than the whole seed.
        self.password_hash = make_password(password)
        self.pools()

        # Invented people: nothing this records goes anywhere (they are is_demo too).
        with fast_writes(), outbox_events.suppressed():
            if options["reset"]:
                self.reset()
            staff = self.ensure_staff(options["specialists"])
            orgs = self.create_customers(customers)
            self.create_tickets(tickets, orgs, staff, options["days"], options["batch_size"])
            self.create_deflection_and_calls(tickets, orgs, staff, options["days"])
            # The tickets and forms were written in bulk, past save(): count them now.
            counts.rebuild(keys_too=False)
            timings.rebuild(keys_too=False)
            customer_counts.rebuild(keys_too=False)
            suggestion_counts.rebuild()
        if connection.vendor == "postgresql":
            # Statistics for the planner after a bulk load, as PostgreSQL advises: without
            # them (autovacuum off, or not yet round) it guessed 15 of a team's 4,767 open
            # tickets and sorted them all for the queue (23 ms instead of 0.6 ms). SQLite
            # gets its own at the connection's close (kundcenter.lib.sqlite3).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        self.stdout.write(
            self.style.SUCCESS(
                f"Created {customers:,} customers, {self.counts['users']:,} customer users, "
                f"{tickets:,} tickets, {self.counts['messages']:,} messages and "
                f"{self.counts['events']:,} events, {self.counts['logs']:,} new-ticket forms "
                f"(suggestion logs) and {self.counts['calls']:,} phone calls "
                f"in {format_duration(watch.seconds)} "
                f"({connection.vendor})."
            )
        )
        self.stdout.write(
            f"Bench data now: {bench_organizations().count():,} customers, "
            f"{Ticket.objects.filter(organization__in=bench_organizations()).count():,} tickets."
        )
        if not options["password"]:
            self.stdout.write(f"Bench users' password (this run's users): {password}")
        self.stdout.write(
            f"Staff: bench-specialist-1@{BENCH_DOMAIN} … (specialists, per team), "
            f"bench-product-1@, bench-consultant-1@, bench-manager-1@{BENCH_DOMAIN}."
        )

    # --- text ----------------------------------------------------------------------------

    def pools(self):
        """Precomputed sentences: picking from a pool is much faster than composing."""
        rng = self.rng
        self.sentences = [
            " ".join(rng.choices(WORDS, k=rng.randint(6, 14))).capitalize() + "."
            for _ in range(400)
        ]
        self.counts = Counter()

    def text(self, low=1, high=4) -> str:
        return " ".join(self.rng.choices(self.sentences, k=self.rng.randint(low, high)))

    def person_name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    # --- reset ---------------------------------------------------------------------------

    def reset(self):
        """Delete all bench customers, their tickets and every bench person."""
        watch = Stopwatch()
        tickets = Ticket.objects.filter(organization__in=bench_organizations())
        deleted = tickets.count()
        calls = PhoneCall.objects.filter(organization__in=bench_organizations())
        calls._raw_delete(calls.db)
        delete_set_based(tickets)
        Article.objects.filter(slug__startswith=ARTICLE_SLUG).delete()
        orgs = bench_organizations().delete()[1].get("accounts.Organization", 0)
        users = bench_users().delete()[1].get("accounts.User", 0)
        self.stdout.write(
            f"Deleted {orgs:,} bench customers, {deleted:,} tickets and {users:,} users "
            f"in {format_duration(watch.seconds)}."
        )

    # --- people --------------------------------------------------------------------------

    def ensure_staff(self, per_team: int) -> dict:
        """Bench staff with known e-mails; existing ones are reused, missing ones created."""
        teams = list(Team.objects.order_by("slug"))
        wanted = []
        for index in range(per_team * len(teams)):
            team = teams[index // per_team]
            wanted.append((f"bench-specialist-{index + 1}", User.StaffRole.SPECIALIST, team))
        for role, count in (
            (User.StaffRole.PRODUCT, 3),
            (User.StaffRole.CONSULTANT, 3),
            (User.StaffRole.MANAGER, 1),
        ):
            wanted += [(f"bench-{role}-{i + 1}", role, None) for i in range(count)]
        existing = set(bench_users().values_list("email", flat=True))
        new = []
        for local, role, team in wanted:
            email = f"{local}@{BENCH_DOMAIN}"
            if email in existing:
                continue
            first, last = self.person_name()
            new.append(
                User(
                    email=email,
                    full_name=f"{first} {last}",
                    staff_role=role,
                    team=team,
                    password=self.password_hash,
                    is_demo=True,
                )
            )
        User.objects.bulk_create(new)
        staff = {"specialists": {}, "product": [], "consultant": [], "names": {}}
        for user in User.objects.filter(email__in=[f"{w[0]}@{BENCH_DOMAIN}" for w in wanted]):
            staff["names"][user.pk] = user.full_name
            if user.staff_role == User.StaffRole.SPECIALIST:
                staff["specialists"].setdefault(user.team_id, []).append(user.pk)
            elif user.staff_role in (User.StaffRole.PRODUCT, User.StaffRole.CONSULTANT):
                staff[user.staff_role].append(user.pk)
        return staff

    def create_customers(self, count: int) -> list[dict]:
        """Customers with a licence, 1–4 SuperUsers (within quota) and a few plain users."""
        rng = self.rng
        industries = list(Industry.objects.all())
        modules = list(Module.objects.filter(active=True).values_list("pk", flat=True))
        last = bench_organizations().aggregate(m=Max("org_number"))["m"]
        start = int(last[4:6] + last[7:10]) + 1 if last else 1
        if start + count > 100_000:
            raise CommandError("The bench organisationsnummer range is full; use --reset.")
        since = self.now - timedelta(days=4 * 365)

        orgs = []
        for index in range(start, start + count):
            industry = rng.choice(industries)
            word = rng.choice(INDUSTRY_WORDS.get(industry.name, (industry.name,)))
            name = f"{rng.choice(PLACES)} {word} {rng.choice(COMPANY_FORMS)}"
            orgs.append(
                Organization(
                    name=name,
                    org_number=with_check_digit(f"{BENCH_ORG_PREFIX}{index:05d}"),
                    industry=industry,
                    payment_standing="overdue" if rng.random() < 0.03 else "good",
                    created_at=since,
                )
            )
        Organization.objects.bulk_create(orgs, batch_size=500)

        licences = [
            Licence(organization=org, number=f"BENCH-{org.org_number}", valid_from=since.date())
            for org in orgs
        ]
        Licence.objects.bulk_create(licences, batch_size=500)
        through = Licence.modules.through
        links, org_modules = [], []
        for licence in licences:
            chosen = rng.sample(modules, k=min(len(modules), rng.choice((1, 2, 2, 3, 3, 4, 5, 7))))
            org_modules.append(chosen)
            links += [through(licence_id=licence.pk, module_id=m) for m in chosen]
        through.objects.bulk_create(links, batch_size=500)

        people = []  # (org position, user, role)
        for position, (org, chosen) in enumerate(zip(orgs, org_modules, strict=True)):
            quota = superuser_quota(len(chosen))
            domain = f"kund{org.org_number[:6]}{org.org_number[7:]}.{BENCH_DOMAIN}"
            supers = rng.randint(1, quota)
            for k in range(supers + rng.randint(0, 3)):
                first, last_name = self.person_name()
                user = User(
                    email=f"{_ascii(first)}.{_ascii(last_name)}{k + 1}@{domain}",
                    full_name=f"{first} {last_name}",
                    password=self.password_hash,
                    date_joined=since,
                    is_demo=True,
                )
                role = Membership.Role.SUPERUSER if k < supers else Membership.Role.USER
                people.append((position, user, role))
        User.objects.bulk_create([p[1] for p in people], batch_size=500)
        Membership.objects.bulk_create(
            [
                Membership(
                    user=user,
                    organization=orgs[pos],
                    licence=licences[pos],
                    role=role,
                    created_at=since,
                )
                for pos, user, role in people
            ],
            batch_size=500,
        )
        # SuperUsers get support only on modules they are trained for: train them on all
        # their customer's modules, so every seeded ticket could have been registered.
        names = dict(Module.objects.values_list("pk", "name"))
        TrainingRecord.objects.bulk_create(
            [
                TrainingRecord(
                    user=user,
                    module_id=module_id,
                    training=f"{names[module_id]} grundkurs",
                    completed_on=since.date(),
                    created_at=since,
                )
                for pos, user, role in people
                if role == Membership.Role.SUPERUSER
                for module_id in org_modules[pos]
            ],
            batch_size=500,
        )
        self.counts["users"] = len(people)

        result = [
            {
                "id": org.pk,
                "team_id": org.industry.team_id,
                "industry_id": org.industry_id,
                "modules": chosen,
                "superusers": [],
                "weight": min(rng.paretovariate(1.16), 400.0),
            }
            for org, chosen in zip(orgs, org_modules, strict=True)
        ]
        for pos, user, role in people:
            if role == Membership.Role.SUPERUSER:
                result[pos]["superusers"].append(user.pk)
        return result

    # --- tickets -------------------------------------------------------------------------

    def ticket_times(self, count: int, days: int) -> list[datetime]:
        """Registration times over the last `days`, sorted, mostly in office hours."""
        rng, tz = self.rng, self.tz
        today = timezone.localtime(self.now).date()
        hours = list(range(24))
        times = []
        for _ in range(count):
            day = today - timedelta(days=rng.randrange(days))
            hour = rng.choices(hours, cum_weights=HOUR_CUM)[0]
            moment = datetime(
                day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=tz
            )
            times.append(min(moment, self.now - timedelta(minutes=1)))
        times.sort()
        return times

    def reserve_numbers(self, times: list[datetime]) -> list[str]:
        """Reserve a block of numbers per year from the counters, then hand them out.

        The counters move first, in one short transaction, so a real registration while
        the seed runs takes a number after the block and never collides.
        """
        per_year = Counter(timezone.localtime(t).year for t in times)
        first = {}
        with transaction.atomic():
            for year, count in sorted(per_year.items()):
                counter, _created = TicketCounter.objects.select_for_update().get_or_create(
                    year=year
                )
                used = Ticket.objects.filter(number__startswith=f"{year}-").aggregate(
                    m=Max("number")
                )["m"]
                start = max(counter.last, int(used[5:]) if used else 0)
                if start + count > 999_999:
                    raise CommandError(f"Not enough ticket numbers left in {year}.")
                counter.last = start + count
                counter.save(update_fields=["last"])
                first[year] = start + 1
        numbers = []
        for t in times:
            year = timezone.localtime(t).year
            numbers.append(f"{year}-{first[year]:06d}")
            first[year] += 1
        return numbers

    def create_tickets(self, count, orgs, staff, days, batch_size):
        if count == 0:
            return
        times = self.ticket_times(count, days)
        numbers = self.reserve_numbers(times)
        self.org_cum = list(accumulate(o["weight"] for o in orgs))
        self.orgs = orgs
        self.staff = staff
        ticket_writer = RowWriter(Ticket)
        message_writer = RowWriter(Message, MESSAGE_COLUMNS)
        event_writer = RowWriter(TicketEvent, EVENT_COLUMNS)
        bar = progress(count, "Tickets", enabled=self.verbose, unit="ticket")
        for offset in range(0, count, batch_size):
            tickets, messages, events = [], [], []
            for created, number in zip(
                times[offset : offset + batch_size],
                numbers[offset : offset + batch_size],
                strict=True,
            ):
                ticket, ticket_messages, ticket_events = self.make_ticket(created, number)
                tickets.append(ticket)
                messages += ticket_messages
                events += ticket_events
            with transaction.atomic():
                # executemany is several times faster than bulk_create; the new tickets'
                # ids are read back by their (unique) numbers.
                ticket_writer.write_objects(tickets)
                ids = dict(
                    Ticket.objects.filter(number__in=[t.number for t in tickets]).values_list(
                        "number", "pk"
                    )
                )
                for ticket in tickets:
                    ticket.pk = ids[ticket.number]
                message_writer.write([(row[0].pk, *row[1:]) for row in messages])
                event_writer.write([(row[0].pk, *row[1:]) for row in events])
            self.counts["messages"] += len(messages)
            self.counts["events"] += len(events)
            bar.update(len(tickets))
        bar.close()

    def create_deflection_and_calls(self, tickets: int, orgs, staff, days: int):
        """The knowledge base's side of the new-ticket form and the phone log, in
        proportion to the tickets: a bench article per 5,000 tickets (at least 20), a
        filled-in form (suggestion log) per three tickets, a third of them with an article
        opened and most of those without a ticket following (deflected), and a phone call
        per 15 tickets, most of them linked to a ticket of the caller's customer."""
        if tickets == 0:
            return
        rng, now = self.rng, self.now
        modules = list(Module.objects.filter(active=True).values_list("pk", flat=True))
        first = Article.objects.filter(slug__startswith=ARTICLE_SLUG).count() + 1
        articles = Article.objects.bulk_create(
            [
                Article(
                    module_id=rng.choice(modules) if modules else None,
                    title=f"Så fungerar {topic} ({first + n})",
                    slug=f"{ARTICLE_SLUG}{first + n}",
                    body=(body := self.text(3, 6)),
                    body_text=body,
                    status=Article.Status.PUBLISHED,
                )
                for n, topic in enumerate(
                    rng.choice(TOPICS) for _ in range(max(20, tickets // 5000))
                )
            ]
        )
        article_ids = [a.pk for a in articles]
        recent = self.now - timedelta(days=days)
        span = (now - recent).total_seconds()
        ticket_ids = list(
            Ticket.objects.filter(created_at__gte=recent, channel=Channel.PORTAL).values_list(
                "pk", flat=True
            )
        )
        supers = [u for org in self.orgs for u in org["superusers"]]
        writer = RowWriter(
            SuggestionLog,
            (
                "user",
                "query",
                "shown_article_ids",
                "opened_article",
                "opened_at",
                "ticket",
                "registered_at",
                "created_at",
                "updated_at",
            ),
        )
        rows = []
        for _ in range(tickets // 3):
            at = recent + timedelta(seconds=rng.uniform(0, span))
            shown = rng.sample(article_ids, k=min(3, len(article_ids)))
            opened = rng.choice(shown) if rng.random() < 0.35 else None
            ticket = None
            if ticket_ids and rng.random() < (0.3 if opened else 0.5):
                ticket = rng.choice(ticket_ids)
            rows.append(
                (
                    rng.choice(supers),
                    f"hjälp med {rng.choice(TOPICS)}",
                    json.dumps(shown),
                    opened,
                    at + timedelta(seconds=20) if opened else None,
                    ticket,
                    at + timedelta(minutes=2) if ticket else None,
                    at,
                    at,
                )
            )
        for offset in range(0, len(rows), 5000):
            with transaction.atomic():
                writer.write(rows[offset : offset + 5000])
        self.counts["logs"] = len(rows)

        teams = list(Team.objects.values_list("pk", flat=True))
        specialists = [pk for pool in staff["specialists"].values() for pk in pool]
        call_tickets = list(
            Ticket.objects.filter(created_at__gte=recent)
            .order_by("pk")
            .values_list("pk", "organization_id", "created_at", "team_id")[::15]
        )
        writer = RowWriter(
            PhoneCall,
            (
                "started_at",
                "team",
                "waited_seconds",
                "handled_by",
                "ticket",
                "organization",
                "caller_number",
                "source",
                "created_at",
            ),
        )
        rows = []
        for pk, org_id, created, team_id in call_tickets:
            linked = rng.random() < 0.8
            at = min(created - timedelta(minutes=rng.uniform(0, 30)), now)
            rows.append(
                (
                    at,
                    team_id if rng.random() < 0.9 else rng.choice(teams),
                    int(rng.expovariate(1 / 170)),
                    rng.choice(specialists) if specialists else None,
                    pk if linked else None,
                    org_id,
                    f"07{rng.randrange(10**8):08d}",
                    rng.choice(PhoneCall.Source.values),
                    at,
                )
            )
        for offset in range(0, len(rows), 5000):
            with transaction.atomic():
                writer.write(rows[offset : offset + 5000])
        self.counts["calls"] = len(rows)

    def staff_for(self, lane: str, team_id: int) -> int | None:
        if lane == Lane.PRODUCT and self.staff["product"]:
            return self.rng.choice(self.staff["product"])
        if lane == Lane.CONSULTANT and self.staff["consultant"]:
            return self.rng.choice(self.staff["consultant"])
        pool = self.staff["specialists"].get(team_id)
        return self.rng.choice(pool) if pool else None

    def make_ticket(self, created: datetime, number: str):
        """One ticket with its messages and events, in memory (saved by the caller)."""
        rng = self.rng
        org = self.orgs[bisect(self.org_cum, rng.random() * self.org_cum[-1])]
        reporter = rng.choice(org["superusers"])
        category = rng.choices(CATEGORIES, cum_weights=CATEGORY_CUM)[0]
        states = WORKFLOWS[category].states
        age_days = (self.now - created).days
        closed_share = 0.97 if age_days > 60 else 0.6 if age_days > 14 else 0.25

        # The path of states the ticket went through, ending where it is now.
        close_reason = ""
        if rng.random() < closed_share:
            if rng.random() < 0.15:
                close_reason = rng.choice(EARLY_CLOSE)
                path = [*states[: rng.randint(1, len(states) - 1)], Status.CLOSED]
            else:
                close_reason = CloseReason.RESOLVED
                path = list(states)
        else:
            path = list(states[: rng.randint(1, len(states) - 1)])
            if rng.random() < 0.12:
                path.append(Status.WAITING)
        status = path[-1]
        resume_status = path[-2] if status == Status.WAITING else ""
        if category == Category.ORDER and rng.random() < CATALOG_ORDER_SHARE:
            channel = Channel.CATALOG
        else:
            channel = rng.choices(CHANNELS, cum_weights=CHANNEL_CUM)[0]
        lane = lane_for(category, resume_status or status, channel)
        team_id = org["team_id"]
        assignee = self.staff_for(lane, team_id) if status != Status.NEW else None
        specialist = self.staff_for(Lane.SUPPORT, team_id)

        # Activity times: at least one per message and per status change; the last
        # status change (e.g. closing) happens together with the last message.
        n_messages = self.message_count()
        n_status = len(path) - 1
        n_points = max(n_messages, n_status, 1)
        moments, moment = [], created
        for _ in range(n_points):
            moment = min(moment + timedelta(hours=rng.expovariate(1 / 20)), self.now)
            moments.append(moment)
        last = moments[-1] if (n_messages or n_status) else created

        title = rng.choice(TITLES[category]).format(topic=rng.choice(TOPICS))
        ticket = Ticket(
            number=number,
            channel=channel,
            organization_id=org["id"],
            reporter_id=reporter,
            module_id=None if channel == Channel.CATALOG else rng.choice(org["modules"]),
            category=category,
            service_level=rng.choices(LEVELS, cum_weights=LEVEL_CUM)[0]
            if category == Category.BUG
            else None,
            title=title[:1].upper() + title[1:],
            description=self.text(2, 5),
            team_id=team_id,
            lane=lane,
            assignee_id=assignee,
            status=status,
            resume_status=resume_status,
            close_reason=close_reason,
            created_at=created,
            updated_at=last,
            last_activity_at=last,
            closed_at=last if status == Status.CLOSED else None,
            message_count=n_messages,
        )

        # Rows in the order of MESSAGE_COLUMNS / EVENT_COLUMNS; the ticket id is filled in
        # once the ticket is saved.
        events = [(ticket, Kind.CREATED, reporter, "", Status.NEW, "", True, created)]
        if assignee:
            name = self.staff["names"][assignee]
            events.append((ticket, Kind.ASSIGNED, specialist, "", name, "", False, moments[0]))
        handled = []  # times support handled the ticket: status changes, public replies
        for step in range(n_status):
            # Spread the status changes over the activity, the last one at the end.
            at = moments[((step + 1) * n_points) // n_status - 1]
            handled.append(at)
            target = path[step + 1]
            reason = ""
            if target == Status.CLOSED and close_reason != CloseReason.RESOLVED:
                reason = f"{CloseReason(close_reason).label}: {rng.choice(self.sentences)}"
            actor = self.staff_for(lane_for(category, path[step], channel), team_id)
            events.append((ticket, Kind.STATUS, actor, path[step], target, reason, True, at))

        messages = []
        # The last message always takes the last moment, so last_activity_at matches it.
        message_moments = (
            sorted(rng.sample(moments[:-1], n_messages - 1)) + moments[-1:] if n_messages else []
        )
        for index, at in enumerate(message_moments):
            internal = rng.random() < 0.1
            from_customer = not internal and index % 2 == 1
            author = reporter if from_customer else (assignee or specialist)
            via = (
                Channel.PHONE
                if not internal and rng.random() < 0.05
                # A catalog order's customer answers in the portal, like any other.
                else (channel if from_customer and channel != Channel.CATALOG else Channel.PORTAL)
            )
            if internal:
                body = f"{rng.choice(NOTE_PHRASES)} {self.text(1, 2)}"
            elif from_customer:
                body = self.text(1, 3)
            else:
                body = f"{rng.choice(STAFF_PHRASES)} {self.text(1, 2)}"
            if not internal and not from_customer:
                handled.append(at)
            messages.append((ticket, author, body, internal, via, at))
            kind = Kind.NOTE if internal else Kind.PHONE if via == Channel.PHONE else Kind.REPLY
            events.append((ticket, kind, author, "", "", "", not internal, at))

        # The service-level clock, as the actions would have run it.
        clock.start(ticket, created)
        if handled:
            clock.handling_started(ticket, min(handled))
        if status != Status.CLOSED and pauses_clock(ticket.category, status):
            clock.pause(ticket, last)  # the customer's move (workflow table)
        elif status == Status.CLOSED:
            clock.closed(ticket, last)
        # Where the report counts count it (rebuilt from these keys at the end).
        ticket.counted_as = counts.key_of_values(
            [
                org["industry_id"] if name == "organization__industry_id" else getattr(ticket, name)
                for name in counts.KEY_SOURCES
            ],
            self.tz,
        )
        # And where the times report's histograms count its durations.
        ticket.timed_as = timings.key_of_values(
            [getattr(ticket, name) for name in timings.KEY_SOURCES], self.tz
        )
        ticket.customer_counted_as = customer_counts.key_of_values(
            [getattr(ticket, name) for name in customer_counts.KEY_SOURCES], self.tz
        )
        return ticket, messages, events

    def message_count(self) -> int:
        """Between 1 and 2×average−1 (uniform, so the mean is the average); 0 if it is 0."""
        avg = self.avg_messages
        if avg <= 0:
            return 0
        if avg < 1:
            return 1 if self.rng.random() < avg else 0
        return self.rng.randint(1, max(1, round(2 * avg - 1)))


CATEGORIES, CATEGORY_CUM = _weighted(CATEGORY_WEIGHTS)
LEVELS, LEVEL_CUM = _weighted(LEVEL_WEIGHTS)
CHANNELS, CHANNEL_CUM = _weighted(CHANNEL_WEIGHTS)
HOUR_CUM = list(accumulate(HOUR_WEIGHTS))
