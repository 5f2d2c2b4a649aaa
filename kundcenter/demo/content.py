"""Demo content for the academy and the service catalog, so that nothing a person opens
in the demo is empty: release notes, documentation, instruction videos, trainings with
upcoming sessions and enrolments, services with prices, downloadable version files,
feedback and requests for new material, all invented and in Swedish.

Loading is idempotent, like the rest of `kundcenter.demo.data.load()`: documentation,
services and products are keyed on their slug, release notes and videos on module and
title, courses on module and title, version files on product and version, feedback and
material requests on who sent them and what they said. Dates are relative to `now` when
a row is first made. A course gets new sessions only while it has none ahead, so a demo
database that is started again weeks later still has trainings to enrol on.
"""

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from kundcenter.academy import actions as academy_actions
from kundcenter.academy.models import (
    Course,
    DocumentationPage,
    MaterialRequest,
    ReleaseNote,
    Session,
    Video,
)
from kundcenter.accounts.models import Module
from kundcenter.catalog import actions as catalog_actions
from kundcenter.catalog.models import Feedback, Product, Service
from kundcenter.sla import policy
from kundcenter.sla.calendar import DayKind

# Invented addresses under the reserved .example domain: the demo links nowhere real.
VIDEO_BASE_URL = "https://video.kundcenter.example/akademi/"
CLASSROOM = "Utbildningslokalen, Vasagatan 36, Stockholm"
WEB_PLACE = "Distans – länken skickas med kallelsen"


# --- release notes -----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoReleaseNote:
    module: str
    title: str
    days_ago: int  # moved back to a weekday; the version is the year and ISO week
    body: str


RELEASE_NOTES = [
    DemoReleaseNote(
        "lon",
        "Lönebesked i mobilappen och kontroll före lönekörningen",
        2,
        """## Nyheter

- **Lönebesked i mobilappen.** De anställda hittar sina lönebesked under *Min lön* i
  mobilappen samma dag som lönen betalas ut. Pappersutskick stängs av per anställd under
  *Personal → Utskick*.
- **Kontroll före lönekörningen.** Saknar en löneart konteringsregel får du en varning
  innan körningen startar, i stället för att körningen avbryts halvvägs.
- **Semesterlöneskuld för timanställda.** Bokslutsrapporten räknar timanställdas
  semesterlöneskuld en gång, även för den som har både månads- och timlöneunderlag.

## Rättade fel

- Lönearten 312 (jour helg) fick ingen kontering efter uppdateringen av konteringsreglerna.
- Arbetsgivardeklarationen på individnivå visade fel arbetsställenummer för anställda som
  bytt avdelning under månaden.

## Bra att veta

Kontrollen före lönekörningen är påslagen för alla. Den kan stängas av under
*Inställningar → Lön → Kontroller*, men vi rekommenderar att ni låter den vara på.""",
    ),
    DemoReleaseNote(
        "ekonomi",
        "Automatisk bankavstämning och periodisering på verifikationen",
        16,
        """## Nyheter

- **Automatisk bankavstämning.** Inbetalningar som läses in från banken (camt.054)
  matchas mot kundreskontran på OCR-nummer, belopp och datum. Det som inte går att
  matcha hamnar i listan *Att hantera*.
- **Periodisering direkt på verifikationen.** Förutbetalda kostnader och upplupna
  intäkter fördelas över månaderna redan när verifikationen registreras.
- **Snabbare momsrapport.** Rapporten för ett helt år tas fram på några sekunder.

## Rättade fel

- Kontoutdrag (camt.053) från vissa banker gav meddelandet ”Okänt filformat” när filen
  började med ett BOM-tecken.""",
    ),
    DemoReleaseNote(
        "fakturering",
        "ROT- och RUT-avdrag redan på offerten",
        30,
        """## Nyheter

- **ROT och RUT på offerten.** Skattereduktionen räknas fram redan på offerten och följer
  med till fakturan när offerten blir en order.
- **Ny påminnelsemall.** Påminnelsen visar dröjsmålsränta enligt räntelagen och
  påminnelseavgiften på egna rader.
- **E-faktura till offentlig sektor.** Fakturor skickas i formatet Peppol BIS Billing 3.

## Rättade fel

- Fakturor med både 12 % och 25 % moms kunde avrunda öresbeloppet fel på totalen.""",
    ),
    DemoReleaseNote(
        "tidrapportering",
        "Attestera en hel vecka på en gång",
        44,
        """## Nyheter

- **Veckoattest.** Den som attesterar kan godkänna en anställds hela vecka med ett klick,
  eller öppna dagarna en och en.
- **Senast använda projekt först.** Projektlistan i mobilappen börjar med de projekt du
  rapporterat på senast.

## Rättade fel

- Tid som rapporterades utan täckning sparades inte alltid när telefonen kom online
  igen.""",
    ),
]


# --- documentation -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPage:
    module: str
    title: str
    body: str

    @property
    def slug(self) -> str:
        return slugify(self.title)[:200]


PAGES = [
    DemoPage(
        "ekonomi",
        "Läsa in kontoutdrag och stämma av banken",
        """Den här rutinen beskriver hur du läser in bankens kontoutdrag och stämmer av
bankkontot mot bokföringen. Gör avstämningen minst en gång i veckan.

## Läsa in kontoutdraget

1. Hämta kontoutdraget från internetbanken i formatet **ISO 20022 (camt.053)**.
2. Gå till **Ekonomi → Bank → Läs in fil** och välj filen.
3. Kontrollera att bankkonto och period stämmer och klicka **Läs in**.

## Stämma av

Transaktionerna visas i två kolumner: banken till vänster, bokföringen till höger.
Rader som matchar på belopp och datum paras ihop automatiskt.

- Markera en bankrad och en eller flera verifikationer med samma summa och klicka
  **Para ihop**.
- Bankavgifter och räntor bokförs direkt från bankraden med **Bokför**.
- Differensen längst ned ska vara 0 kr innan du stänger avstämningen.

## Om filen inte kan läsas in

Meddelandet *Okänt filformat* betyder oftast att banken har exporterat en annan filtyp,
till exempel CSV eller camt.054. Exportera filen på nytt som camt.053.""",
    ),
    DemoPage(
        "ekonomi",
        "Månadsbokslut steg för steg",
        """Ett månadsbokslut ger en rättvisande bild av resultatet för månaden och gör
årsbokslutet betydligt enklare.

## Checklista

1. Registrera alla leverantörsfakturor och kundfakturor för månaden.
2. Stäm av bank, skattekonto och kassa.
3. Bokför löner, arbetsgivaravgifter och semesterlöneskuld.
4. Periodisera förutbetalda kostnader och upplupna intäkter.
5. Bokför månadens avskrivningar under **Ekonomi → Inventarier → Avskrivningar**.
6. Stäm av momsrapporten mot kontona 2610–2640.
7. Lås perioden under **Ekonomi → Perioder**.

## Tips

Skapa en egen checklista med era återkommande steg under **Ekonomi → Bokslut →
Checklista**. Den sparas per period och visar vem som gjort vad.""",
    ),
    DemoPage(
        "lon",
        "Lönekörning från underlag till utbetalning",
        """Handboken beskriver en ordinarie månadslön, från tidrapporter till bankfil.

## Före körningen

- Kontrollera att alla tidrapporter och frånvaroanmälningar är attesterade.
- Lägg in engångsbelopp, till exempel bonus eller utlägg, under **Lön → Händelser**.
- Kör rapporten **Kontroll före lönekörning** och rätta det den visar.

## Körningen

1. Gå till **Lön → Lönekörning → Ny** och välj löneperiod och utbetalningsdag.
2. Granska preliminärlistan. Avvikelser mot förra månaden är markerade i gult.
3. Klicka **Definitiv lönekörning**. Lönebeskeden publiceras i mobilappen.

## Efter körningen

- Skicka bankfilen till banken senast två bankdagar före utbetalningsdagen.
- Lönens verifikation bokförs automatiskt i Ekonomi.
- Arbetsgivardeklarationen skapas under **Lön → Skatteverket** och lämnas senast den 12:e
  i månaden efter.""",
    ),
    DemoPage(
        "lon",
        "Semesterårsskifte och semesterlöneskuld",
        """Vid semesterårsskiftet räknas de anställdas intjänade semester om till betalda
dagar för det nya semesteråret.

## Så gör du

1. Se till att alla löner för det gamla semesteråret är definitiva.
2. Gå till **Lön → Semester → Semesterårsskifte** och kör först en provberäkning.
3. Kontrollera betalda, obetalda och sparade dagar för några anställda.
4. Kör det definitiva semesterårsskiftet.

## Semesterlöneskulden

Semesterlöneskulden är värdet av intjänad men inte uttagen semester. Den bokförs varje
månad på konto 2920 och sociala avgifter på konto 2940. Rapporten
**Semesterlöneskuld** visar skulden per anställd och ska stämma med kontona.""",
    ),
    DemoPage(
        "fakturering",
        "ROT- och RUT-avdrag på kundfakturor",
        """Med ROT- och RUT-avdrag betalar privatpersonen bara sin del av arbetskostnaden;
resten begär ni ut från Skatteverket.

## Fakturera med avdrag

1. Skapa fakturan och välj fliken **Skattereduktion**.
2. Välj ROT eller RUT och fyll i köparens personnummer. För ROT anges också
   fastighetsbeteckning eller bostadsrättsföreningens organisationsnummer.
3. Markera vilka rader som är arbetskostnad. Material och resor ger inget avdrag.
4. Avdraget visas som en egen rad och dras från att betala.

## Begära utbetalning

När kunden har betalat sin del skapar du en ansökningsfil under **Fakturering →
Skattereduktion → Begär utbetalning** och laddar upp den i Skatteverkets e-tjänst.""",
    ),
    DemoPage(
        "fakturering",
        "Påminnelser, dröjsmålsränta och inkasso",
        """Rutinen för obetalda kundfakturor.

## Påminnelse

Kör **Fakturering → Påminnelser** en gång i veckan. Fakturor som är förfallna sedan minst
åtta dagar föreslås. Påminnelseavgiften (högst 60 kr) får bara tas ut om den är avtalad.

## Dröjsmålsränta

Dröjsmålsräntan räknas enligt räntelagen: referensräntan plus åtta procentenheter. Den
faktureras som en egen räntefaktura när kunden har betalat.

## Inkasso

Fakturor som fortfarande är obetalda tio dagar efter påminnelsen kan skickas till
inkasso direkt från reskontran med **Skicka till inkasso**.""",
    ),
    DemoPage(
        "order",
        "Kassaklienten: dagsavslut och Z-rapport",
        """Dagsavslutet stänger kassan för dagen och skapar Z-rapporten, som enligt
kassaregisterlagen ska sparas.

## Vid stängning

1. Räkna kontanterna i kassalådan och fyll i beloppet per valör.
2. Jämför med kassans förväntade belopp. Differenser ska kommenteras.
3. Välj **Dagsavslut**. Z-rapporten skrivs ut och sparas i Kundcenter-kontot.

## Bokföring

Dagens försäljning, uppdelad på momssats och betalsätt, bokförs automatiskt i Ekonomi
natten efter dagsavslutet.

## Om kassan varit offline

Kassaklienten sparar köpen lokalt och skickar dem när förbindelsen kommer tillbaka. Gör
inte dagsavslut förrän symbolen för förbindelse är grön.""",
    ),
    DemoPage(
        "tidrapportering",
        "Attestera tidrapporter inför lönekörningen",
        """Alla tidrapporter ska vara attesterade innan lönen körs, annars kommer
tiden inte med.

## För den som attesterar

1. Öppna **Tidrapportering → Att attestera**. Listan visar en rad per anställd och vecka.
2. Öppna veckan och kontrollera projekt, frånvaro och övertid.
3. Klicka **Attestera vecka**, eller skicka tillbaka raden med en kommentar.

## För löneadministratören

Rapporten **Ej attesterat** visar vilka veckor som saknar attest för perioden. Skicka en
påminnelse direkt från rapporten.""",
    ),
]


# --- instruction videos --------------------------------------------------------------------


@dataclass(frozen=True)
class DemoVideo:
    module: str
    title: str
    length: str  # "m:ss"
    transcript: str

    @property
    def url(self) -> str:
        return VIDEO_BASE_URL + slugify(self.title)

    @property
    def duration(self) -> dt.timedelta:
        minutes, seconds = (int(part) for part in self.length.split(":"))
        return dt.timedelta(minutes=minutes, seconds=seconds)


VIDEOS = [
    DemoVideo(
        "lon",
        "Så gör du en lönekörning",
        "4:35",
        """Hej och välkommen! I den här filmen går vi igenom en vanlig månadslön.

Vi börjar under Lön och Lönekörning och klickar på Ny. Här väljer jag löneperiod och
utbetalningsdag, den 25:e.

Först kör vi en preliminär lönekörning. Titta på listan: allt som skiljer sig mer än tio
procent från förra månaden är gulmarkerat. Här har en montör fått jourersättning för
helgen, och det stämmer.

Ser allt bra ut klickar jag på Definitiv lönekörning. Nu skapas bankfilen, lönens
verifikation bokförs i Ekonomi och lönebeskeden publiceras i mobilappen.

Kom ihåg att skicka bankfilen minst två bankdagar före utbetalningen. Lycka till!""",
    ),
    DemoVideo(
        "ekonomi",
        "Läs in kontoutdrag och stäm av banken",
        "3:10",
        """I den här filmen läser vi in ett kontoutdrag och stämmer av banken.

Jag har hämtat filen från internetbanken i formatet camt.053. Under Ekonomi, Bank väljer
jag Läs in fil och pekar ut filen.

Nu ser du bankens transaktioner till vänster och bokföringen till höger. De flesta har
redan parats ihop automatiskt. Den här bankavgiften på 95 kronor saknas i bokföringen, så
jag bokför den direkt från bankraden.

Differensen längst ned är noll kronor, och då stänger jag avstämningen.""",
    ),
    DemoVideo(
        "fakturering",
        "Faktura med ROT-avdrag",
        "2:50",
        """Nu ska vi fakturera ett jobb hos en privatperson med ROT-avdrag.

Jag skapar fakturan som vanligt och går sedan till fliken Skattereduktion. Där väljer jag
ROT och fyller i kundens personnummer och fastighetsbeteckningen.

Sedan markerar jag raderna som är arbetskostnad. Materialet, i det här fallet en
värmepump, ger inget avdrag. Avdraget räknas fram och syns som en egen rad på fakturan.

När kunden har betalat sin del begär vi ut resten från Skatteverket.""",
    ),
    DemoVideo(
        "order",
        "Dagsavslut i kassaklienten",
        "3:40",
        """Det här är dagens sista moment i butiken: dagsavslutet.

Jag räknar kassalådan och fyller i antalet sedlar och mynt per valör. Kassan visar att vi
har en differens på tio kronor, och den kommenterar jag.

Sedan väljer jag Dagsavslut. Z-rapporten skrivs ut på kvittoskrivaren och sparas
automatiskt. Försäljningen bokförs i Ekonomi under natten, uppdelad på momssatser och
betalsätt, kort, kontant och Swish.""",
    ),
    DemoVideo(
        "tidrapportering",
        "Rapportera tid i mobilappen",
        "2:15",
        """Så här rapporterar du tid i mobilappen.

Tryck på plustecknet och välj dag. Välj projekt i listan. Tips: lägg till de projekt du
jobbar mest på som favoritprojekt, då hamnar de alltid överst.

Fyll i antal timmar och eventuell kommentar, till exempel vilket moment du har gjort, och
tryck Spara. Har du ingen täckning sparas tiden i telefonen och skickas när du är online
igen.

I slutet av veckan trycker du Klarmarkera vecka, så går den vidare till attest.""",
    ),
]


# --- trainings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSession:
    days_ahead: int  # moved forward to a regular business day
    start: str
    end: str
    kind: str
    seats: int
    enrolled: tuple = ()  # demo person keys, in the order they enrolled


@dataclass(frozen=True)
class DemoCourse:
    module: str
    title: str
    official: bool
    description: str
    sessions: tuple = field(default_factory=tuple)


WEB, ROOM = Session.Kind.WEB, Session.Kind.CLASSROOM

COURSES = [
    DemoCourse(
        "lon",
        "Lön – grundutbildning",
        True,
        "Den officiella utbildningen för SuperUsers i Lön: lönearter, lönekörning, "
        "semester, frånvaro och arbetsgivardeklaration. Efter utbildningen kan du få "
        "support på modulen Lön.\n\nLärarledd, med övningar i en egen utbildningsmiljö.",
        (
            # Nearly full: five of six seats taken.
            DemoSession(
                7,
                "09:00",
                "16:00",
                ROOM,
                6,
                ("maria", "birgitta", "mikael", "anders", "lena"),
            ),
            DemoSession(29, "09:00", "12:00", WEB, 12),
        ),
    ),
    DemoCourse(
        "ekonomi",
        "Bokslut i praktiken",
        False,
        "Månads- och årsbokslut steg för steg: avstämningar, periodiseringar, "
        "avskrivningar och låsning av perioder. För dig som redan arbetar i Ekonomi.",
        (DemoSession(17, "13:00", "15:30", WEB, 20, ("lena", "gunilla")),),
    ),
    DemoCourse(
        "fakturering",
        "Fakturering – kom igång",
        True,
        "Kundregister, artiklar, fakturor med ROT- och RUT-avdrag, påminnelser och "
        "e-faktura. Den officiella utbildningen för SuperUsers i Fakturering.",
        (
            DemoSession(10, "09:00", "11:30", WEB, 12, ("camilla",)),
            DemoSession(24, "09:00", "16:00", ROOM, 10),
        ),
    ),
    DemoCourse(
        "order",
        "Kassa och dagsavslut för butiksansvariga",
        False,
        "En kort webbutbildning om kassaklienten: försäljning, returer, dagsavslut, "
        "Z-rapport och vad du gör när kassan är offline.",
        (DemoSession(5, "13:00", "14:30", WEB, 10, ("johan",)),),
    ),
]


# --- services ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoService:
    group: str
    name: str
    price_model: str
    description: str
    module: str | None = None

    @property
    def slug(self) -> str:
        return slugify(self.name)[:200]


G = Service.Group

SERVICES = [
    DemoService(
        G.MICRO,
        "Installation av kassaklient",
        "Fast pris 3 900 kr per kassa, exkl. moms",
        "Vi installerar kassaklienten på er kassadator på distans, kopplar kvittoskrivare, "
        "kassalåda och kortterminal och gör ett provköp tillsammans med er.",
        "order",
    ),
    DemoService(
        G.MICRO,
        "Anpassning av fakturamall",
        "Fast pris 4 500 kr, exkl. moms",
        "Vi anpassar er fakturamall efter er grafiska profil: logotyp, typsnitt, "
        "betalningsvillkor och texter på svenska och engelska.",
        "fakturering",
    ),
    DemoService(
        G.MICRO,
        "Uppsättning av OB- och jourregler",
        "Fast pris 6 900 kr per kollektivavtal, exkl. moms",
        "En konsult lägger upp OB-, jour- och beredskapsregler enligt ert kollektivavtal "
        "och kontrollerar dem mot en provlönekörning innan de börjar gälla.",
        "lon",
    ),
    DemoService(
        G.MICRO,
        "Riktad webbutbildning, två timmar",
        "Fast pris 5 800 kr för upp till sex deltagare, exkl. moms",
        "En konsult går igenom ett avgränsat område som ni väljer, till exempel "
        "semesterårsskiftet eller periodiseringar, direkt i er egen uppsättning.",
    ),
    DemoService(
        G.MICRO,
        "Kvittoskrivare till kassan",
        "2 995 kr per styck, exkl. moms och frakt",
        "Termisk kvittoskrivare som är testad med kassaklienten, med USB- och "
        "nätverksanslutning. Levereras inom fem arbetsdagar.",
        "order",
    ),
    DemoService(
        G.CONSULTING,
        "Konsulttimmar",
        "1 150 kr per timme, exkl. moms; debiteras per påbörjad halvtimme",
        "Hjälp av en konsult med ändringar i er uppsättning: nya rapporter, kontoplan, "
        "lönearter, attestflöden och annat som support inte får ändra åt er. Ni får "
        "alltid ett kostnadsförslag innan arbetet börjar.",
    ),
    DemoService(
        G.CONSULTING,
        "Anpassad utbildning hos er",
        "Halvdag 9 800 kr, heldag 16 500 kr, exkl. moms; resor tillkommer",
        "En utbildning för era medarbetare, på plats hos er eller digitalt, utgående från "
        "er egen uppsättning. Konsulten finjusterar gärna systemet samtidigt.",
    ),
    DemoService(
        G.CONSULTING,
        "Konvertering av data från tidigare system",
        "Fast pris enligt kostnadsförslag, från 18 000 kr, exkl. moms",
        "Vi flyttar kunder, leverantörer, artiklar, öppna poster och historiska saldon från "
        "ert tidigare affärssystem, via SIE-fil eller Excel. Ni godkänner en provkonvertering "
        "innan den skarpa körningen.",
        "ekonomi",
    ),
    DemoService(
        G.CONSULTING,
        "Översyn av er uppsättning",
        "Fast pris 8 900 kr, exkl. moms",
        "En konsult går igenom er uppsättning och era rutiner och ger förslag på "
        "förenklingar och funktioner som ni inte använder i dag. Resultatet är en skriftlig "
        "rapport och ett uppföljningsmöte.",
    ),
    DemoService(
        G.TECHNICAL,
        "API-integration: analys och arkitektur",
        "1 450 kr per timme, exkl. moms",
        "En av våra arkitekter analyserar vilka system ni behöver integrera, till exempel "
        "e-handel, bokningssystem eller bank, och föreslår hur integrationerna byggs med "
        "vårt API.",
    ),
    DemoService(
        G.TECHNICAL,
        "Installation av lokal server för klientprogram",
        "Fast pris 12 500 kr, exkl. moms",
        "Installation och konfiguration av den lokala server som kassaklienter och "
        "tidterminaler ansluter till, med säkerhetskopiering och övervakning.",
    ),
    DemoService(
        G.ADVISORY,
        "Ekonomirådgivning – löpande",
        "1 950 kr per månad, två timmar ingår, exkl. moms; tolv månaders avtal",
        "En fast ekonomikonsult som ni kan fråga om bokslut, moms och rutiner, och som "
        "följer upp era nyckeltal en gång i kvartalet.",
        "ekonomi",
    ),
    DemoService(
        G.ADVISORY,
        "Lönerådgivning – löpande",
        "1 650 kr per månad, exkl. moms; tolv månaders avtal",
        "Stöd i lönefrågor: kollektivavtal, förmåner, sjuklön och Skatteverkets regler, "
        "med en genomgång inför varje semesterårsskifte.",
        "lon",
    ),
    DemoService(
        G.PAYROLL,
        "Löneoutsourcing",
        "Från 165 kr per lönespecifikation och månad, exkl. moms",
        "Vi sköter hela er lönehantering: lönekörning, utbetalning, arbetsgivardeklaration, "
        "statistik och rapporter till myndigheter och organisationer.",
        "lon",
    ),
    DemoService(
        G.PAYROLL,
        "Löneoutsourcing under en begränsad period",
        "Fast månadspris enligt kostnadsförslag; minst tre månader",
        "Vi tar över hela eller delar av lönehanteringen under en period, till exempel vid "
        "en föräldraledighet eller ett byte av löneadministratör.",
        "lon",
    ),
]


# --- downloads -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoRelease:
    version: str
    days_ago: int
    notes: str


@dataclass(frozen=True)
class DemoProduct:
    name: str
    slug: str
    description: str
    modules: tuple
    releases: tuple


PRODUCTS = [
    DemoProduct(
        "Kassaklient",
        "kassaklient",
        "Kassaprogrammet för butiken, med offline-läge och koppling till kortterminal. "
        "Installeras på varje kassadator.",
        ("order", "lager"),
        (
            DemoRelease("5.4.1", 45, "Stöd för nya kortterminaler; snabbare sökning på EAN."),
            DemoRelease("5.4.2", 9, "Rättar avrundning av öresbelopp vid kontant betalning."),
        ),
    ),
    DemoProduct(
        "Tidterminal",
        "tidterminal",
        "Programmet för tidterminalen på arbetsplatsen: in- och utstämpling med bricka eller "
        "kod, som skickas till Tidrapportering.",
        ("tidrapportering", "personal"),
        (
            DemoRelease("3.1.0", 70, "Stämpling med mobilens NFC."),
            DemoRelease("3.2.0", 20, "Visar saldo för flex och komp vid utstämpling."),
        ),
    ),
    DemoProduct(
        "Rapportverktyg för Excel",
        "rapportverktyg-for-excel",
        "Tillägg till Excel som hämtar saldon och transaktioner direkt från Ekonomi, för "
        "egna rapporter och budgetuppföljning.",
        ("ekonomi", "rapporter"),
        (
            DemoRelease("2.8.3", 60, "Fungerar med 64-bitars Excel."),
            DemoRelease("2.9.0", 5, "Nya funktioner för budget och prognos per kostnadsställe."),
        ),
    ),
]


def release_file(product: DemoProduct, release: DemoRelease) -> ContentFile:
    """A small, real zip file standing in for the version file (same bytes every time)."""
    text = (
        f"{product.name} {release.version}\n\n"
        f"{release.notes}\n\n"
        "Demofil från Kundcenters demodata. Den innehåller ingen programvara; i en riktig "
        "installation laddar leverantören upp versionsfilen här.\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("LASMIG.txt", date_time=(2026, 1, 1, 0, 0, 0))
        archive.writestr(info, text.encode("utf-8"))
    return ContentFile(buffer.getvalue(), name=f"{product.slug}-{release.version}.zip")


# --- feedback and material requests --------------------------------------------------------

FEEDBACK = [
    (
        "lena",
        4,
        Feedback.Status.NEW,
        "/arenden/nytt/",
        "När jag skriver ett nytt ärende föreslås artiklar ur Frågor och Svar – jättebra! "
        "Kan förslagen även visa instruktionsfilmer från Akademin?",
    ),
    (
        "johan",
        12,
        Feedback.Status.READ,
        "/arenden/",
        "Skönt att ärendenumret syns direkt efter registreringen, då kan jag hänvisa till "
        "det när jag ringer.",
    ),
    (
        "camilla",
        25,
        Feedback.Status.DONE,
        "/oppettider/",
        "Bra att öppettiderna syns, men visa gärna också att ni har lunchstängt 12–13.",
    ),
]

MATERIAL_REQUESTS = [
    (
        "birgitta",
        10,
        MaterialRequest.Status.PLANNED,
        "lon",
        "Film om semesterlöneskuld för timanställda",
        "Vi har många timanställda och det är svårt att förstå hur deras semesterlöneskuld "
        "räknas. En kort film med ett räkneexempel skulle hjälpa oss mycket.",
    ),
    (
        "anders",
        3,
        MaterialRequest.Status.NEW,
        "projekt",
        "Rutinbeskrivning för ÄTA-arbeten",
        "Hur lägger vi upp ändrings- och tilläggsarbeten i ett projekt så att de faktureras "
        "separat och syns i projektuppföljningen?",
    ),
]


# --- loading -------------------------------------------------------------------------------


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _training_day(today: dt.date, days_ahead: int) -> dt.date:
    """A regular business day (no weekend, holiday or half day) `days_ahead` or later."""
    calendar = policy.get_calendar()
    day = today + dt.timedelta(days=days_ahead)
    while True:
        info = calendar.day_info(day)
        # A weekend is a regular day with no opening hours.
        if info.kind == DayKind.REGULAR and info.is_business_day:
            return day
        day += dt.timedelta(days=1)


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def _release_notes(modules, today) -> int:
    created = 0
    for spec in RELEASE_NOTES:
        published = _weekday_on_or_before(today - dt.timedelta(days=spec.days_ago))
        year, week, _weekday = published.isocalendar()
        version = f"{year}.{week:02d}"
        module = modules[spec.module]
        existing = ReleaseNote.objects.filter(module=module)
        if existing.filter(title=spec.title).exists() or existing.filter(version=version).exists():
            continue
        ReleaseNote.objects.create(
            module=module, version=version, title=spec.title, body=spec.body, published_on=published
        )
        created += 1
    return created


def _pages_and_videos(modules) -> int:
    created = 0
    existing = set(DocumentationPage.objects.values_list("slug", flat=True))
    for spec in PAGES:
        if spec.slug not in existing:
            DocumentationPage.objects.create(
                module=modules[spec.module], title=spec.title, slug=spec.slug, body=spec.body
            )
            created += 1
    for spec in VIDEOS:
        _video, made = Video.objects.get_or_create(
            module=modules[spec.module],
            title=spec.title,
            defaults={"length": spec.duration, "url": spec.url, "transcript": spec.transcript},
        )
        created += made
    return created


def _courses(modules, users, now) -> int:
    """Courses, and for a course with no session ahead its sessions and enrolments."""
    created = 0
    today = timezone.localdate(now)
    for spec in COURSES:
        course, made = Course.objects.get_or_create(
            module=modules[spec.module],
            title=spec.title,
            defaults={"official": spec.official, "description": spec.description},
        )
        created += made
        if course.sessions.filter(starts_at__gt=now).exists():
            continue
        for session_spec in spec.sessions:
            day = _training_day(today, session_spec.days_ahead)
            session = Session.objects.create(
                course=course,
                kind=session_spec.kind,
                place=CLASSROOM if session_spec.kind == ROOM else WEB_PLACE,
                starts_at=_at(day, session_spec.start),
                ends_at=_at(day, session_spec.end),
                seats=session_spec.seats,
            )
            created += 1
            for order, key in enumerate(session_spec.enrolled):
                # Through the action, as a customer enrols; enrolled over the past days.
                enrolled_at = now - dt.timedelta(days=len(session_spec.enrolled) - order, hours=3)
                academy_actions.enrol(session, users[key], now=enrolled_at)
    return created


def _services(modules) -> int:
    created = 0
    for spec in SERVICES:
        _service, made = Service.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "group": spec.group,
                "name": spec.name,
                "description": spec.description,
                "price_model": spec.price_model,
                "module": modules.get(spec.module),
            },
        )
        created += made
    return created


def _products(modules, today) -> int:
    created = 0
    for spec in PRODUCTS:
        product, made = Product.objects.get_or_create(
            slug=spec.slug, defaults={"name": spec.name, "description": spec.description}
        )
        if made:
            product.modules.set([modules[slug] for slug in spec.modules])
            created += 1
        versions = set(product.releases.values_list("version", flat=True))
        for release in spec.releases:
            if release.version in versions:
                continue
            # The app's own path: the file is stored and its size and SHA-256 computed.
            catalog_actions.add_release(
                product,
                version=release.version,
                uploaded=release_file(spec, release),
                released_on=_weekday_on_or_before(today - dt.timedelta(days=release.days_ago)),
                notes=release.notes,
            )
            created += 1
    return created


def _feedback_and_requests(modules, users, now) -> int:
    """Made directly rather than through the actions: they carry dates in the past."""
    created = 0
    for key, days_ago, status, page, message in FEEDBACK:
        _item, made = Feedback.objects.get_or_create(
            user=users[key],
            message=message,
            defaults={
                "page": page,
                "status": status,
                "created_at": now - dt.timedelta(days=days_ago, hours=2),
            },
        )
        created += made
    for key, days_ago, status, module, subject, description in MATERIAL_REQUESTS:
        _item, made = MaterialRequest.objects.get_or_create(
            user=users[key],
            subject=subject,
            defaults={
                "module": modules[module],
                "description": description,
                "status": status,
                "created_at": now - dt.timedelta(days=days_ago, hours=5),
            },
        )
        created += made
    return created


def load_academy_and_catalog(now, users) -> int:
    """Create whatever academy and catalog demo content is missing; returns how many rows
    were made. `users` maps demo person keys to users (data.load() makes them)."""
    modules = {m.slug: m for m in Module.objects.all()}
    today = timezone.localdate(now)
    return (
        _release_notes(modules, today)
        + _pages_and_videos(modules)
        + _courses(modules, users, now)
        + _services(modules)
        + _products(modules, today)
        + _feedback_and_requests(modules, users, now)
    )
