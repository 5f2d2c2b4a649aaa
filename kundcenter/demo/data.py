"""Realistic Swedish demo data: customers of both teams, one person per role, tickets.

Loading is idempotent: customers are keyed on their organisationsnummer, licences on
their number, people on their e-mail address, and tickets are made only while no demo
customer has any ticket yet. Tickets are made through `kundcenter.tickets.actions`, like
every other change to a ticket, with times spread over the last weeks.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.accounts import two_factor
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
from kundcenter.demo.content import load_academy_and_catalog
from kundcenter.lib.orgnr import with_check_digit
from kundcenter.outbox import events as outbox_events
from kundcenter.tickets import actions, billing
from kundcenter.tickets.models import Channel, Ticket
from kundcenter.tickets.workflows import Category, Lane, Status

# One password for every demo person, shown on the console by `make run`.
DEMO_PASSWORD = "Kundcenter-demo-2026"
# Demo staff have a confirmed authenticator app of this name (staff must use two-factor
# authentication); `manage.py demo_totp_code <e-mail>` prints its current code.
DEMO_TOTP_DEVICE_NAME = two_factor.DEMO_DEVICE_NAME

TEAM_HANTVERK = "hantverk-transport-konsult"
TEAM_HANDEL = "handel-tjanste-org"


@dataclass(frozen=True)
class DemoCustomer:
    key: str
    name: str
    org_digits: str  # nine digits; the Luhn check digit is added
    industry: str
    modules: tuple
    overdue: bool = False

    @property
    def org_number(self) -> str:
        return with_check_digit(self.org_digits)

    @property
    def licence_number(self) -> str:
        return f"DEMO-{self.org_digits[:6]}"


CUSTOMERS = [
    # Team Hantverkare, Transport och Konsult
    DemoCustomer(
        "norrlandsel",
        "Norrlands El & VVS AB",
        "556712340",
        "El- och VVS-installatörer",
        ("ekonomi", "lon", "projekt", "tidrapportering", "fakturering"),
    ),
    DemoCustomer(
        "bergstrom",
        "Bergström Bygg AB",
        "556823451",
        "Bygg",
        (
            "ekonomi",
            "lon",
            "projekt",
            "tidrapportering",
            "personal",
            "attest",
            "fakturering",
            "rapporter",
        ),
    ),
    DemoCustomer(
        "akeriet",
        "Åkeriet i Mälardalen AB",
        "556934562",
        "Transport",
        ("ekonomi", "lon", "order", "fakturering"),
    ),
    DemoCustomer(
        "sakerhetslas",
        "Säkerhetslås Syd AB",
        "559045673",
        "Säkerhet/Lås/Larm",
        ("ekonomi", "order", "lager"),
        overdue=True,
    ),
    # Team Handel, Tjänsteföretag & Organisationer
    DemoCustomer(
        "lindqvists",
        "Lindqvists Livs AB",
        "556156784",
        "Dagligvaruhandel",
        ("ekonomi", "lon", "order", "lager", "fakturering", "rapporter"),
    ),
    DemoCustomer(
        "solrosen",
        "Vårdhemmet Solrosen AB",
        "559267895",
        "Vård/Omsorg",
        ("ekonomi", "lon", "personal", "tidrapportering"),
    ),
    DemoCustomer(
        "vattern",
        "Hotell Vättern AB",
        "556378906",
        "Hotell & Restaurang",
        ("ekonomi", "lon", "fakturering"),
    ),
    DemoCustomer(
        "ekco",
        "Revisionsbyrån Ek & Co KB",
        "969489017",
        "Redovisning/Revision",
        ("ekonomi", "projekt"),
    ),
]
CUSTOMERS_BY_KEY = {c.key: c for c in CUSTOMERS}

OVERDUE_NOTE = "Faktura 2026-1187 är förfallen sedan mer än 30 dagar."


@dataclass(frozen=True)
class DemoPerson:
    key: str
    email: str
    name: str
    role: str  # shown in the logins table
    staff_role: str = ""
    team: str = ""  # team slug, for specialists
    customer: str = ""  # DemoCustomer.key, for customer people
    superuser: bool = False
    admin: bool = False
    featured: bool = True  # listed in the logins table


PEOPLE = [
    DemoPerson(
        "lena",
        "lena.nystrom@norrlandsel.se",
        "Lena Nyström",
        "SuperUser, Norrlands El & VVS AB (team Hantverk)",
        customer="norrlandsel",
        superuser=True,
    ),
    DemoPerson(
        "johan",
        "johan.lindqvist@lindqvistslivs.se",
        "Johan Lindqvist",
        "SuperUser, Lindqvists Livs AB (team Handel)",
        customer="lindqvists",
        superuser=True,
    ),
    DemoPerson(
        "fredrik",
        "fredrik.malm@sakerhetslassyd.se",
        "Fredrik Malm",
        "SuperUser, Säkerhetslås Syd AB (overdue payment)",
        customer="sakerhetslas",
        superuser=True,
    ),
    DemoPerson(
        "maria",
        "maria.holm@norrlandsel.se",
        "Maria Holm",
        "Customer user (not SuperUser), Norrlands El & VVS AB",
        customer="norrlandsel",
    ),
    DemoPerson(
        "sara",
        "sara.sandberg@kundcenter.example",
        "Sara Sandberg",
        "Product specialist, team Hantverk, Transport och Konsult",
        staff_role=User.StaffRole.SPECIALIST,
        team=TEAM_HANTVERK,
    ),
    DemoPerson(
        "henrik",
        "henrik.ahlgren@kundcenter.example",
        "Henrik Ahlgren",
        "Product specialist, team Handel, Tjänsteföretag & Organisationer",
        staff_role=User.StaffRole.SPECIALIST,
        team=TEAM_HANDEL,
    ),
    DemoPerson(
        "eva",
        "eva.wallin@kundcenter.example",
        "Eva Wallin",
        "Support manager (Chef Service & Kvalitet)",
        staff_role=User.StaffRole.MANAGER,
    ),
    DemoPerson(
        "per",
        "per.oberg@kundcenter.example",
        "Per Öberg",
        "Product department",
        staff_role=User.StaffRole.PRODUCT,
    ),
    DemoPerson(
        "karin",
        "karin.forsberg@kundcenter.example",
        "Karin Forsberg",
        "Consultant",
        staff_role=User.StaffRole.CONSULTANT,
    ),
    DemoPerson(
        "admin",
        "admin@kundcenter.example",
        "Alva Administratör",
        "Administrator (admin site)",
        staff_role=User.StaffRole.ADMIN,
        admin=True,
    ),
    # The other customers' SuperUsers: they report the demo tickets.
    DemoPerson(
        "anders",
        "anders.bergstrom@bergstrombygg.se",
        "Anders Bergström",
        "SuperUser, Bergström Bygg AB",
        customer="bergstrom",
        superuser=True,
        featured=False,
    ),
    DemoPerson(
        "mikael",
        "mikael.strand@akerietmalardalen.se",
        "Mikael Strand",
        "SuperUser, Åkeriet i Mälardalen AB",
        customer="akeriet",
        superuser=True,
        featured=False,
    ),
    DemoPerson(
        "birgitta",
        "birgitta.sjoberg@solrosen.se",
        "Birgitta Sjöberg",
        "SuperUser, Vårdhemmet Solrosen AB",
        customer="solrosen",
        superuser=True,
        featured=False,
    ),
    DemoPerson(
        "camilla",
        "camilla.rask@hotellvattern.se",
        "Camilla Rask",
        "SuperUser, Hotell Vättern AB",
        customer="vattern",
        superuser=True,
        featured=False,
    ),
    DemoPerson(
        "gunilla",
        "gunilla.ek@revisionek.se",
        "Gunilla Ek",
        "SuperUser, Revisionsbyrån Ek & Co KB",
        customer="ekco",
        superuser=True,
        featured=False,
    ),
]


# --- tickets -----------------------------------------------------------------------------
# Each ticket is registered `days_ago` working days back at `time` (local time), then its
# steps run in order, each `minutes` after the one before: (minutes, operation, person
# key, argument). Operations map onto the actions in kundcenter.tickets.actions.


@dataclass(frozen=True)
class DemoTicket:
    customer: str
    reporter: str
    category: str
    module: str
    title: str
    description: str
    days_ago: int
    time: str
    service_level: int | None = None
    channel: str = Channel.PORTAL
    registered_by: str = ""
    steps: tuple = field(default_factory=tuple)


S = Status
TICKETS = [
    # --- Norrlands El & VVS AB ---
    DemoTicket(
        "norrlandsel",
        "lena",
        Category.SUPPORT,
        "fakturering",
        "Hur gör jag ROT-avdrag på en kundfaktura?",
        "Vi har installerat en ny värmepump hos en privatkund och ska fakturera med "
        "ROT-avdrag. Var anger jag kundens personnummer och fastighetsbeteckning?",
        days_ago=24,
        time="09:12",
        steps=(
            (25, "assign", "sara", "sara"),
            (1, "to", "sara", S.IN_PROGRESS),
            (15, "time", "sara", (15, False, "", "Guidning ROT-avdrag")),
            (
                25,
                "reply",
                "sara",
                "Hej Lena! Öppna fakturan, välj fliken Skattereduktion och markera ROT. "
                "Där fyller du i personnummer, fastighetsbeteckning och arbetskostnaden. "
                "Avdraget räknas fram automatiskt och syns som en egen rad på fakturan.",
            ),
            (90, "reply", "lena", "Tack, nu fungerade det!"),
            (20, "to", "sara", S.CLOSED),
        ),
    ),
    DemoTicket(
        "norrlandsel",
        "lena",
        Category.BUG,
        "lon",
        "Lönekörningen stoppar på OB-tillägg för jour",
        "När vi kör lön för maj avbryts körningen med meddelandet ”Ogiltig löneart 312” "
        "för alla montörer som haft jour under helgen. Utan lönekörningen kan vi inte "
        "betala ut lönerna den 25:e.",
        days_ago=12,
        time="08:20",
        service_level=2,
        steps=(
            (15, "assign", "sara", "sara"),
            (
                20,
                "note",
                "sara",
                "Reproducerat i kundens testmiljö: lönearten 312 saknar konteringsregel "
                "efter senaste uppdateringen. Eskalerar till produktavdelningen.",
            ),
            (5, "to", "sara", S.ESCALATED),
            (
                10,
                "reply",
                "sara",
                "Vi har kunnat återskapa felet och lämnat det till produktavdelningen "
                "med servicenivå 2. Du får besked här i ärendet så snart det finns en rättning.",
            ),
            (120, "to", "per", S.IN_PROGRESS),
            (
                240,
                "note",
                "per",
                "Orsak: migreringen av konteringsregler hoppade över jourlönearter. "
                "Rättning i version 2026.11.2.",
            ),
            (1440, "to", "per", S.DELIVERED),
            (30, "to", "sara", S.VALIDATION),
            (
                5,
                "reply",
                "sara",
                "Rättningen är installerad i er miljö. Kan du köra om lönekörningen och "
                "bekräfta att allt stämmer?",
            ),
        ),
    ),
    DemoTicket(
        "norrlandsel",
        "lena",
        Category.ORDER,
        "projekt",
        "Ny rapport för projektlönsamhet per montör",
        "Vi vill ha en rapport som visar täckningsbidrag per projekt uppdelat på montör, "
        "med möjlighet att filtrera på period och kostnadsställe.",
        days_ago=9,
        time="13:40",
        steps=(
            (60, "to", "karin", S.RECEIVED),
            (5, "assign", "karin", "karin"),
            (
                180,
                "propose",
                "karin",
                (
                    "Rapporten byggs som en egen rapportmall i Projekt, med filter på period "
                    "och kostnadsställe. Leverans inom två veckor efter godkännande.",
                    "hourly",
                    "6",
                    "1150",
                ),
            ),
            (1200, "decide", "lena", "accept"),
            (10, "reply", "karin", "Tack! Vi påbörjar arbetet vecka 2 och hör av oss då."),
        ),
    ),
    DemoTicket(
        "norrlandsel",
        "lena",
        Category.SUPPORT,
        "ekonomi",
        "Import av bankfil (ISO 20022) ger felmeddelande",
        "Hej! När jag läser in dagens kontoutdrag från banken får jag ”Okänt filformat”. "
        "Det fungerade förra veckan. Filen bifogas inte av sekretesskäl.",
        days_ago=0,
        time="08:05",
        channel=Channel.EMAIL,
    ),
    # --- Bergström Bygg AB ---
    DemoTicket(
        "bergstrom",
        "anders",
        Category.REQUEST,
        "attest",
        "Önskemål: attestera leverantörsfakturor i mobilen",
        "Våra arbetsledare är sällan på kontoret. Det skulle spara mycket tid om de kunde "
        "attestera leverantörsfakturor direkt i mobilen, med bild på fakturan.",
        days_ago=20,
        time="10:30",
        steps=(
            (50, "to", "sara", S.RECEIVED),
            (
                5,
                "reply",
                "sara",
                "Tack för ditt önskemål! Vi tar med det till produktrådet, där kunder "
                "och produktavdelningen tillsammans prioriterar nya funktioner.",
            ),
            (2880, "to", "per", S.PRODUCT_COUNCIL),
            (
                30,
                "note",
                "per",
                "Liknande önskemål från fyra kunder i bygg. Förslag: ta upp på rådet i juni.",
            ),
        ),
    ),
    DemoTicket(
        "bergstrom",
        "anders",
        Category.SUPPORT,
        "ekonomi",
        "Periodisering av förutbetald hyra",
        "Vi har betalat hyran för bodar och maskiner ett halvår i förskott. Hur "
        "periodiserar jag kostnaden månad för månad?",
        days_ago=6,
        time="14:15",
        steps=(
            (35, "assign", "sara", "sara"),
            (1, "to", "sara", S.IN_PROGRESS),
            (
                20,
                "reply",
                "sara",
                "Hej Anders! Det görs med en periodiseringsmall på verifikationen. Kan du "
                "skicka en skärmbild på verifikationen så guidar jag dig steg för steg?",
            ),
            (1, "to", "sara", S.WAITING),
        ),
    ),
    DemoTicket(
        "bergstrom",
        "anders",
        Category.BUG,
        "tidrapportering",
        "Tidrapporter från mobilappen hamnar på fel projekt",
        "Sedan i måndags hamnar tid som rapporteras i mobilappen på projektet som stod "
        "först i listan, inte det som valdes. Vi rättar nu för hand varje dag.",
        days_ago=1,
        time="07:45",
        service_level=3,
    ),
    # --- Åkeriet i Mälardalen AB ---
    DemoTicket(
        "akeriet",
        "mikael",
        Category.SUPPORT,
        "lon",
        "Traktamente för chaufförer vid utrikes körning",
        "Våra chaufförer kör allt oftare till Norge. Hur registrerar vi utlandstraktamente "
        "så att det blir skattefritt upp till Skatteverkets belopp?",
        days_ago=0,
        time="09:30",
    ),
    DemoTicket(
        "akeriet",
        "mikael",
        Category.ORDER,
        "order",
        "Utbildning i orderregistrering för två nya trafikledare",
        "Vi har anställt två trafikledare som behöver lära sig orderregistrering och "
        "fakturering av frakter. Gärna en halvdag på distans.",
        days_ago=15,
        time="11:00",
        steps=(
            (90, "to", "karin", S.RECEIVED),
            (
                60,
                "propose",
                "karin",
                (
                    "Skräddarsydd utbildning på distans, 4 timmar, för båda deltagarna.",
                    "fixed",
                    "4600",
                ),
            ),
            (
                2000,
                "reply",
                "mikael",
                "Tack, men vi väljer att gå den ordinarie webbutbildningen i stället.",
            ),
            (1, "decide", "mikael", "decline"),
        ),
    ),
    # --- Säkerhetslås Syd AB (made while in good standing; overdue afterwards) ---
    DemoTicket(
        "sakerhetslas",
        "fredrik",
        Category.SUPPORT,
        "lager",
        "Lagersaldo stämmer inte efter inventering",
        "Efter årets inventering visar lagret 40 cylindrar för mycket på artikel "
        "ASSA-CY110. Hur rättar jag saldot utan att påverka inköpspriset?",
        days_ago=27,
        time="10:05",
        steps=(
            (30, "assign", "sara", "sara"),
            (1, "to", "sara", S.IN_PROGRESS),
            (
                25,
                "reply",
                "sara",
                "Gör en lagerjustering med orsak Inventering i Lager > Justeringar. "
                "Välj ”Behåll genomsnittligt inköpspris” så påverkas inte priset.",
            ),
            (60, "to", "sara", S.CLOSED),
        ),
    ),
    DemoTicket(
        "sakerhetslas",
        "fredrik",
        Category.BUG,
        "order",
        "Kreditfaktura får fel momssats",
        "När en order med både montage och material krediteras får hela kreditfakturan "
        "25 % moms, även raderna med omvänd byggmoms.",
        days_ago=18,
        time="15:10",
        service_level=4,
        steps=(
            (40, "to", "sara", S.ESCALATED),
            (300, "to", "per", S.IN_PROGRESS),
            (
                15,
                "note",
                "per",
                "Momskoden kopieras från orderhuvudet i stället för från raden.",
            ),
        ),
    ),
    # --- Lindqvists Livs AB ---
    DemoTicket(
        "lindqvists",
        "johan",
        Category.SUPPORT,
        "rapporter",
        "Kassaavstämning per butik i rapporten",
        "Vi har tre butiker och vill se kassaavstämningen per butik i samma rapport. "
        "Går det att gruppera på kostnadsställe?",
        days_ago=3,
        time="13:20",
        steps=(
            (45, "assign", "henrik", "henrik"),
            (1, "to", "henrik", S.IN_PROGRESS),
            (
                30,
                "reply",
                "henrik",
                "Hej Johan! Ja, välj Gruppera på kostnadsställe under rapportens "
                "inställningar. Jag kontrollerar också att alla kassor har rätt "
                "kostnadsställe och återkommer.",
            ),
        ),
    ),
    DemoTicket(
        "lindqvists",
        "johan",
        Category.BUG,
        "order",
        "Ordrar från e-handeln kommer inte in",
        "Inga ordrar från vår webbutik har kommit in sedan i morse klockan sju. Kunderna "
        "får orderbekräftelse men vi kan inte plocka något.",
        days_ago=16,
        time="08:02",
        service_level=1,
        steps=(
            (8, "assign", "henrik", "henrik"),
            (2, "to", "henrik", S.ESCALATED),
            (
                5,
                "reply",
                "henrik",
                "Vi har eskalerat ärendet till produktavdelningen med högsta prioritet.",
            ),
            (35, "to", "per", S.IN_PROGRESS),
            (
                20,
                "note",
                "per",
                "Certifikatet för orderkopplingen har gått ut. Nytt certifikat beställt.",
            ),
            (
                10,
                "reply",
                "henrik",
                "Tillfällig lösning: exportera ordrarna från webbutiken som fil och läs in "
                "dem under Order > Import. Då kan ni plocka under tiden.",
            ),
            (
                2,
                "level",
                "henrik",
                (3, "Tillfällig lösning finns: manuell import av orderfil."),
            ),
            (300, "to", "per", S.DELIVERED),
            (10, "to", "henrik", S.VALIDATION),
            (120, "reply", "johan", "Nu kommer ordrarna in igen. Tack för snabb hjälp!"),
            (1, "to", "johan", S.CLOSED),
        ),
    ),
    DemoTicket(
        "lindqvists",
        "johan",
        Category.REQUEST,
        "lager",
        "Önskemål: jämförpris på hyllkantsetiketter",
        "Det vore bra om hyllkantsetiketterna kunde visa jämförpris per kilo eller liter "
        "direkt från artikelregistret.",
        days_ago=22,
        time="16:40",
        steps=(
            (1000, "to", "henrik", S.RECEIVED),
            (2000, "to", "per", S.PRODUCT_COUNCIL),
            (4000, "to", "per", S.PLANNED),
            (
                5,
                "reply",
                "per",
                "Produktrådet har prioriterat önskemålet. Det är planerat till en release "
                "i slutet av kvartalet.",
            ),
        ),
    ),
    # --- Vårdhemmet Solrosen AB ---
    DemoTicket(
        "solrosen",
        "birgitta",
        Category.SUPPORT,
        "lon",
        "Hjälp att lägga upp nya OB-regler enligt avtal",
        "Det nya kollektivavtalet ger andra OB-tider från den 1 april. Kan ni hjälpa oss "
        "att lägga upp reglerna?",
        days_ago=8,
        time="10:10",
        steps=(
            (30, "assign", "henrik", "henrik"),
            (
                10,
                "reply",
                "henrik",
                "Att lägga upp nya regler är en ändring i er inställning, som görs av våra "
                "konsulter. Jag gör om ärendet till en beställning så får du ett "
                "kostnadsförslag.",
            ),
            (2, "setup", "henrik", "Nya OB-regler enligt kollektivavtalet från 1 april."),
            (240, "to", "karin", S.RECEIVED),
        ),
    ),
    DemoTicket(
        "solrosen",
        "birgitta",
        Category.BUG,
        "lon",
        "Semesterlöneskulden beräknas dubbelt",
        "Semesterlöneskulden i bokslutsrapporten är exakt dubbelt så stor som i "
        "semesterlistan för alla timanställda.",
        days_ago=5,
        time="09:00",
        service_level=2,
        steps=(
            (60, "assign", "henrik", "henrik"),
            (5, "to", "henrik", S.ESCALATED),
            (180, "to", "per", S.IN_PROGRESS),
            (
                10,
                "note",
                "per",
                "Timanställda räknas både i månads- och timlöneunderlaget. Rättning pågår.",
            ),
        ),
    ),
    # --- Hotell Vättern AB ---
    DemoTicket(
        "vattern",
        "camilla",
        Category.SUPPORT,
        "fakturering",
        "Konferenspaket med olika momssatser",
        "Hur fakturerar vi ett konferenspaket där logi har 12 % moms och mat och lokal har 25 %?",
        days_ago=13,
        time="11:25",
        steps=(
            (20, "assign", "henrik", "henrik"),
            (1, "to", "henrik", S.IN_PROGRESS),
            (
                15,
                "reply",
                "henrik",
                "Lägg upp paketet som en artikelstruktur med en rad per momssats. Då "
                "fördelas priset automatiskt och fakturan visar momsen per sats.",
            ),
            (30, "to", "henrik", S.CLOSED),
        ),
    ),
    DemoTicket(
        "vattern",
        "camilla",
        Category.REQUEST,
        "ekonomi",
        "Önskemål: export av gästfakturor till SIE",
        "Vi vill kunna exportera gästfakturor från bokningssystemet som SIE-fil.",
        days_ago=19,
        time="14:00",
        steps=(
            (100, "to", "henrik", S.RECEIVED),
            (3000, "to", "per", S.PRODUCT_COUNCIL),
            (
                60,
                "close",
                "per",
                (
                    "declined",
                    "Produktrådet prioriterar inte exporten nu; en öppen SIE-import finns "
                    "redan i Ekonomi.",
                ),
            ),
        ),
    ),
    # --- Revisionsbyrån Ek & Co KB ---
    DemoTicket(
        "ekco",
        "gunilla",
        Category.ORDER,
        "projekt",
        "Skräddarsydd utbildning i projektuppföljning",
        "Våra fyra nya revisorsassistenter behöver en utbildning i projektuppföljning och "
        "tidsredovisning mot uppdrag.",
        days_ago=26,
        time="09:45",
        steps=(
            (120, "to", "karin", S.RECEIVED),
            (
                60,
                "propose",
                "karin",
                ("En halvdags utbildning på plats hos er, för fyra deltagare.", "fixed", "9800"),
            ),
            (600, "decide", "gunilla", "accept"),
            (5000, "to", "karin", S.IN_PROGRESS),
            (240, "time", "karin", (240, True, "order", "Utbildning på plats")),
            (1, "to", "karin", S.DELIVERED),
            (1440, "to", "gunilla", S.CLOSED),
        ),
    ),
    DemoTicket(
        "ekco",
        "gunilla",
        Category.SUPPORT,
        "ekonomi",
        "Avskrivningsplan för inventarier",
        "Telefonsamtal: Gunilla frågar hur man lägger upp en avskrivningsplan på fem år "
        "för nya kontorsmöbler.",
        days_ago=2,
        time="10:50",
        channel=Channel.PHONE,
        registered_by="henrik",
        steps=(
            (2, "assign", "henrik", "henrik"),
            (1, "to", "henrik", S.IN_PROGRESS),
            (
                10,
                "phone",
                "henrik",
                "Gick igenom Inventarier > Ny inventarie med Gunilla. Hon provar själv och "
                "ringer tillbaka om något är oklart.",
            ),
        ),
    ),
]


# --- loading -----------------------------------------------------------------------------


@dataclass
class LoadResult:
    customers_created: int = 0
    people_created: int = 0
    tickets_created: int = 0
    logins: list = field(default_factory=list)


def _ensure_customers(result: LoadResult, now) -> dict:
    modules = {m.slug: m for m in Module.objects.all()}
    orgs = {}
    for customer in CUSTOMERS:
        org, created = Organization.objects.get_or_create(
            org_number=customer.org_number,
            defaults={
                "name": customer.name,
                "industry": Industry.objects.get(name=customer.industry),
                "created_at": now - dt.timedelta(days=400),
            },
        )
        licence, licence_created = Licence.objects.get_or_create(
            number=customer.licence_number,
            defaults={"organization": org, "valid_from": (now - dt.timedelta(days=400)).date()},
        )
        if licence_created:
            licence.modules.set([modules[slug] for slug in customer.modules])
        result.customers_created += created
        orgs[customer.key] = (org, licence, created)
    return orgs


def _ensure_people(result: LoadResult, orgs) -> dict:
    teams = {t.slug: t for t in Team.objects.all()}
    password_hash = None
    users = {}
    for person in PEOPLE:
        user = User.objects.filter(email__iexact=person.email).first()
        if user is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User(
                email=person.email,
                full_name=person.name,
                staff_role=person.staff_role,
                team=teams.get(person.team),
                is_staff=person.admin,
                is_superuser=person.admin,
                # One hash shared by all: hashing once per person would make every
                # `make run` seconds slower, and the password is public anyway.
                password=password_hash,
                is_demo=True,
            )
            user.save()
            result.people_created += 1
        elif not user.is_demo:  # loaded before demo people were marked
            user.is_demo = True
            user.save(update_fields=["is_demo"])
        if person.customer:
            org, licence, _created = orgs[person.customer]
            role = Membership.Role.SUPERUSER if person.superuser else Membership.Role.USER
            Membership.objects.get_or_create(
                user=user, organization=org, defaults={"role": role, "licence": licence}
            )
            if person.superuser:
                # SuperUsers get support only on modules they are trained for.
                for module in licence.modules.all():
                    TrainingRecord.objects.get_or_create(
                        user=user,
                        module=module,
                        defaults={
                            "training": f"{module.name} – grundutbildning",
                            "completed_on": dt.date(2025, 9, 15),
                        },
                    )
        if person.staff_role:
            _ensure_demo_totp_device(user)
        users[person.key] = user
    return users


def _ensure_demo_totp_device(user) -> None:
    """Staff must give a second factor: give each demo staff login an app device with a
    key made here (so no demo secret is published), unless they already have an app."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=DEMO_TOTP_DEVICE_NAME, confirmed=True)


def _registered_at(now, days_ago: int, hhmm: str, index: int):
    """A local working-day time `days_ago` days back; never in the future."""
    local_now = timezone.localtime(now)
    day = local_now.date() - dt.timedelta(days=days_ago)
    while days_ago and day.weekday() >= 5:  # weekends move back to Friday
        day -= dt.timedelta(days=1)
    hour, minute = (int(part) for part in hhmm.split(":"))
    when = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_now.tzinfo)
    if when >= local_now:
        when = local_now - dt.timedelta(minutes=20 * (index + 1))
    return when


def _working_time(when):
    """Move a step that would fall on a night or a weekend to the next working morning."""
    local = timezone.localtime(when)
    if local.hour >= 17:
        local = (local + dt.timedelta(days=1)).replace(hour=8)
    elif local.hour < 8:
        local = local.replace(hour=8)
    while local.weekday() >= 5:
        local += dt.timedelta(days=1)
    # Rebuilt from the wall-clock time so that a daylight-saving change stays correct.
    return dt.datetime.combine(local.date(), local.time(), tzinfo=local.tzinfo)


def _run_step(ticket, operation, actor, argument, users, when):
    if operation == "reply":
        actions.reply(ticket, actor, argument, now=when)
    elif operation == "note":
        actions.reply(ticket, actor, argument, internal=True, now=when)
    elif operation == "phone":
        actions.reply(ticket, actor, argument, channel=Channel.PHONE, now=when)
    elif operation == "to":
        ticket = actions.transition(ticket, actor, argument, now=when)
    elif operation == "assign":
        ticket = actions.assign(ticket, actor, users[argument], now=when)
    elif operation == "level":
        level, reason = argument
        ticket = actions.change_service_level(ticket, actor, level, reason=reason, now=when)
    elif operation == "category":
        category, reason = argument
        ticket = actions.change_category(ticket, actor, category, reason=reason, now=when)
    elif operation == "close":
        close_reason, reason = argument
        ticket = actions.close(ticket, actor, close_reason, reason=reason, now=when)
    elif operation == "hand_over":
        ticket = actions.hand_over(ticket, actor, Lane(argument), now=when)
    elif operation == "propose":
        description, pricing, *amounts = argument
        prices = (
            {"fixed_price": amounts[0]}
            if pricing == "fixed"
            else {"estimated_hours": amounts[0], "hourly_rate": amounts[1]}
        )
        billing.propose_cost(
            ticket, actor, description=description, pricing=pricing, now=when, **prices
        )
        ticket.refresh_from_db()
    elif operation == "decide":
        proposal = billing.pending_proposal(ticket)
        billing.decide_proposal(proposal, actor, accept=argument == "accept", now=when)
        ticket.refresh_from_db()
    elif operation == "time":
        minutes, billable, reason, note = argument
        billing.record_time(
            ticket,
            actor,
            minutes=minutes,
            billable=billable,
            reason=reason,
            note=note,
            work_date=timezone.localdate(when),
        )
    elif operation == "setup":
        ticket = billing.needs_setup_change(ticket, actor, reason=argument, now=when)
    else:
        raise ValueError(f"unknown demo step {operation!r}")
    return ticket


def _make_tickets(result: LoadResult, orgs, users, now) -> None:
    modules = {m.slug: m for m in Module.objects.all()}
    starts = [
        (_registered_at(now, t.days_ago, t.time, index), index, t)
        for index, t in enumerate(TICKETS)
    ]
    # Registered in time order, so ticket numbers grow with the registration time.
    for registered, _index, spec in sorted(starts, key=lambda item: (item[0], item[1])):
        org = orgs[spec.customer][0]
        if org.is_overdue:
            continue  # support is paused for it: its tickets can no longer be registered
        ticket = actions.register_ticket(
            reporter=users[spec.reporter],
            organization=org,
            category=spec.category,
            title=spec.title,
            description=spec.description,
            module=modules[spec.module],
            service_level=spec.service_level,
            channel=spec.channel,
            registered_by=users[spec.registered_by] if spec.registered_by else None,
            now=registered,
        )
        when = registered
        latest = now - dt.timedelta(seconds=1)
        for minutes, operation, actor_key, argument in spec.steps:
            # Steps never pass the present: recent tickets get compressed histories.
            when = min(_working_time(when + dt.timedelta(minutes=minutes)), latest)
            ticket = _run_step(ticket, operation, users[actor_key], argument, users, when)
        result.tickets_created += 1


def _mark_overdue(orgs, now) -> None:
    """Overdue standing is set after the tickets, which were registered before it."""
    for customer in CUSTOMERS:
        org, _licence, created = orgs[customer.key]
        if customer.overdue and created:
            org.payment_standing = Organization.PaymentStanding.OVERDUE
            org.payment_note = OVERDUE_NOTE
            org.payment_changed_at = now - dt.timedelta(days=3)
            org.save(update_fields=["payment_standing", "payment_note", "payment_changed_at"])


def demo_tickets_exist() -> bool:
    return Ticket.objects.filter(
        organization__org_number__in=[c.org_number for c in CUSTOMERS]
    ).exists()


def load(now=None) -> LoadResult:
    """Create whatever part of the demo data is missing; never duplicate anything.

    Demo people are invented: the loading records nothing in the outbox (so no process,
    a worker included, can deliver mail about it), and the people are marked `is_demo`, so
    no later mail reaches them either.
    """
    now = now or timezone.now()
    result = LoadResult()
    with outbox_events.suppressed(), transaction.atomic():
        orgs = _ensure_customers(result, now)
        users = _ensure_people(result, orgs)
        if not demo_tickets_exist():
            _make_tickets(result, orgs, users, now)
        _mark_overdue(orgs, now)
        load_academy_and_catalog(now, users)
    result.logins = [(p.email, p.role) for p in PEOPLE if p.featured]
    return result
