"""A Swedish corpus of knowledge-base articles: demo data, test data and the seed of the
search benchmark.

`load_demo_articles()` creates them (idempotent: keyed on the slug made from the
title) through the ordinary save path, so the search index follows.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify


@dataclass(frozen=True)
class DemoArticle:
    module: str | None  # a module slug; None for a general article
    title: str
    tags: str
    body: str
    related: tuple = ()  # titles of related articles

    @property
    def slug(self) -> str:
        return slugify(self.title)[:200]


A = DemoArticle

ARTICLES = [
    # --- Ekonomi -------------------------------------------------------------------
    A(
        "ekonomi",
        "Så stämmer du av momsrapporten",
        "moms, momsrapport, avstämning, skattedeklaration",
        """Innan du lämnar momsdeklarationen till Skatteverket bör du stämma av
momsrapporten mot bokföringen.

## Steg för steg

1. Öppna **Ekonomi → Rapporter → Momsrapport** och välj period.
2. Jämför ruta 05–08 (försäljning) med saldot på intäktskontona 3000–3999.
3. Jämför utgående moms (ruta 10–12) med kontona 2610–2630.
4. Kontrollera att ingående moms (ruta 48) stämmer mot konto 2640.
5. Skillnader beror oftast på verifikationer med fel momskod.

## Tips

Kör rapporten **Verifikationer utan momskod** för perioden. Rätta verifikationerna
innan du låser perioden, annars måste du göra en rättelse i nästa deklaration.""",
        ("Momsrapporten visar fel belopp – vanliga orsaker", "Låsa en period efter bokslut"),
    ),
    A(
        "ekonomi",
        "Momsrapporten visar fel belopp – vanliga orsaker",
        "moms, momsrapport, felsökning",
        """Om momsrapporten inte stämmer med bokföringen beror det nästan alltid på
någon av följande orsaker.

- **Fel momskod på kontot.** Ett intäktskonto som saknar momskod kommer inte med i
  rapporten. Kontrollera kontoplanen under *Inställningar → Konton*.
- **Manuella verifikationer.** Verifikationer som bokförts direkt mot momskontona
  utan momskod syns i huvudboken men inte i rapporten.
- **Periodiseringar.** En faktura bokförd i fel period flyttar momsen till fel
  deklaration.
- **Omvänd skattskyldighet.** Byggtjänster och inköp från andra EU-länder ska
  redovisas i egna rutor (ruta 24 och 30–32).

Rätta felen och kör rapporten igen. Är perioden redan deklarerad gör du rättelsen
i Skatteverkets e-tjänst.""",
        ("Så stämmer du av momsrapporten",),
    ),
    A(
        "ekonomi",
        "Så gör du ett periodbokslut",
        "bokslut, period, månadsbokslut",
        """Ett periodbokslut ger en rättvisande bild av resultatet för månaden.

1. Bokför alla leverantörs- och kundfakturor för perioden.
2. Stäm av bank, kassa och skattekonto.
3. Periodisera kostnader och intäkter som hör till perioden, till exempel hyra
   och försäkringar.
4. Bokför avskrivningar via **Ekonomi → Anläggningsregister → Avskrivningar**.
5. Stäm av momsen och lönekontona.
6. Ta ut resultat- och balansrapporten och lås perioden.

Det går att öppna en låst period igen om du har behörigheten *Ekonomiansvarig*.""",
        ("Låsa en period efter bokslut", "Avskrivningar på inventarier"),
    ),
    A(
        "ekonomi",
        "Importera SIE-fil från ett annat bokföringsprogram",
        "sie, import, byte av system, ingående balans",
        """Byter du från ett annat bokföringsprogram kan du flytta ingående balanser och
verifikationer med en SIE-fil (typ 4).

1. Exportera SIE4 från det gamla programmet.
2. Gå till **Ekonomi → Import → SIE** och välj filen.
3. Välj om kontoplanen ska läsas in eller om konton ska mappas mot din befintliga.
4. Kontrollera förhandsgranskningen: antal verifikationer och summa per konto.
5. Klicka **Importera**.

Filen måste vara kodad i PC8 eller UTF-8. Får du felet *Ogiltig teckenkodning* har
filen troligen sparats om i ett annat program.""",
    ),
    A(
        "ekonomi",
        "Omvänd skattskyldighet för byggtjänster",
        "moms, omvänd skattskyldighet, byggmoms, leverantörsfaktura",
        """Vid köp av byggtjänster är det köparen som redovisar momsen (omvänd
skattskyldighet).

## Så bokför du leverantörsfakturan

- Använd momskoden **Omvänd byggmoms 25 %** på inköpsraden.
- Systemet bokför då både utgående moms (konto 2617) och ingående moms (konto 2647).
- Beloppet hamnar i ruta 24 och ruta 41 i momsrapporten.

## Säljer du byggtjänster

Fakturan ska sakna moms och innehålla texten *Omvänd betalningsskyldighet* samt
köparens momsregistreringsnummer. Välj fakturamallen **Byggtjänst** så kommer
texten med automatiskt.""",
        ("Så stämmer du av momsrapporten",),
    ),
    A(
        "ekonomi",
        "Avskrivningar på inventarier",
        "avskrivning, inventarier, anläggningsregister",
        """Inventarier som ska användas i mer än tre år och inte är av mindre värde
skrivs av över sin nyttjandeperiod.

1. Registrera inventariet i **Anläggningsregistret** med anskaffningsdatum och värde.
2. Välj avskrivningsplan, till exempel fem år linjärt.
3. Kör **Beräkna avskrivningar** vid varje periodbokslut.

Avskrivningen bokförs på konto 7832 mot 1229. Säljer du inventariet registrerar du
avyttringen i registret så bokförs vinst eller förlust.""",
    ),
    A(
        "ekonomi",
        "Bankavstämning: så matchar du bankfilen mot reskontran",
        "bank, avstämning, bankfil, kundreskontra, leverantörsreskontra",
        """Med bankavstämningen matchar du transaktionerna på bankkontot mot bokförda
betalningar.

1. Hämta kontoutdraget automatiskt via bankkopplingen eller läs in en camt.053-fil.
2. Systemet föreslår matchningar på belopp, datum och OCR-nummer.
3. Godkänn förslagen och hantera resterande rader manuellt.
4. Differenser bokförs som bankavgifter eller öresavrundning.

Saknas transaktioner kontrollerar du att bankkopplingen är aktiv under
*Inställningar → Bank*.""",
    ),
    A(
        "ekonomi",
        "Låsa en period efter bokslut",
        "bokslut, låsa period, behörighet",
        """När en period är avstämd bör du låsa den så att ingen av misstag bokför i den.

Gå till **Ekonomi → Perioder**, markera perioden och välj **Lås**. Låsta perioder
visas med ett hänglås i alla bokföringsbilder.

Behöver du rätta något i en låst period kan en användare med behörigheten
*Ekonomiansvarig* öppna den igen. Öppning och låsning loggas.""",
    ),
    A(
        "ekonomi",
        "Valutakursdifferenser vid betalning av utländska fakturor",
        "valuta, kursdifferens, utländsk faktura",
        """När en faktura i utländsk valuta betalas till en annan kurs än den som gällde
vid bokföringen uppstår en kursdifferens.

Systemet bokför differensen automatiskt vid betalningen: kursvinster på konto 3960
och kursförluster på konto 7960. Vid periodbokslut kan du omvärdera öppna
fordringar och skulder till balansdagens kurs under **Ekonomi → Valutaomvärdering**.""",
    ),
    A(
        "ekonomi",
        "Årsbokslut: checklista",
        "bokslut, årsbokslut, årsredovisning, checklista",
        """Den här listan hjälper dig genom årsbokslutet.

- Stäm av alla balanskonton mot underlag.
- Inventera lagret och bokför lagerförändringen.
- Periodisera upplupna kostnader och förutbetalda intäkter.
- Beräkna och bokför avskrivningar.
- Gör semesterlöneskuldsberäkningen i lönemodulen.
- Bokför skatt och eventuella bokslutsdispositioner.
- Skapa det nya räkenskapsåret och för över ingående balanser.

Exportera gärna en SIE-fil till din revisor.""",
        ("Så gör du ett periodbokslut", "Semesterårsskifte: spara och betala ut semesterdagar"),
    ),
    # --- Fakturering ---------------------------------------------------------------
    A(
        "fakturering",
        "Fakturor som inte går att skicka via e-faktura",
        "e-faktura, faktura, peppol, utskick, fel",
        """Om en faktura fastnar med status **Ej skickad** i e-fakturakön beror det
oftast på kunduppgifterna.

## Kontrollera

- Att kunden har ett giltigt **Peppol-ID** eller GLN-nummer i kundregistret.
- Att kundens organisationsnummer är ifyllt och stämmer.
- Att fakturan har en **referens** om kunden kräver det (vanligt hos kommuner och
  regioner).
- Att alla fakturarader har en momskod.

Rätta uppgifterna och välj **Skicka igen**. Kan kunden inte ta emot e-faktura kan du
ändra leveranssätt till e-post med PDF.""",
        ("Skicka faktura via Peppol", "OCR-nummer på fakturan"),
    ),
    A(
        "fakturering",
        "Skicka faktura via Peppol",
        "e-faktura, peppol, offentlig sektor",
        """Offentlig sektor kräver elektroniska fakturor enligt Peppol BIS Billing 3.

1. Aktivera e-faktura under **Inställningar → Fakturering → E-faktura**.
2. Ange ditt eget Peppol-ID (oftast 0007:organisationsnummer).
3. Fyll i kundens Peppol-ID i kundregistret. Använd knappen **Slå upp** för att
   hämta det från Peppol-katalogen.
4. Välj leveranssätt *E-faktura* på kunden.

Fakturorna skickas då automatiskt när du bokför dem.""",
        ("Fakturor som inte går att skicka via e-faktura",),
    ),
    A(
        "fakturering",
        "Kreditera en faktura",
        "kreditfaktura, faktura, makulera",
        """En bokförd faktura kan inte tas bort. Skapa i stället en kreditfaktura.

1. Öppna fakturan och välj **Kreditera**.
2. Välj om hela fakturan eller enskilda rader ska krediteras.
3. Ange orsak, den visas på kreditfakturan.
4. Bokför och skicka kreditfakturan på samma sätt som den ursprungliga.

Kreditfakturan kopplas till originalet och kundreskontran nollas automatiskt om
hela beloppet krediteras.""",
    ),
    A(
        "fakturering",
        "Påminnelser och dröjsmålsränta",
        "påminnelse, dröjsmålsränta, kundreskontra, inkasso",
        """Förfallna kundfakturor kan påminnas automatiskt.

- Ställ in antal dagar efter förfallodagen och påminnelseavgift under
  **Inställningar → Fakturering → Påminnelser**.
- Dröjsmålsräntan beräknas enligt räntelagen (referensränta plus åtta
  procentenheter) om du inte avtalat annat.
- Räntefakturor skapas från **Kundreskontra → Räntefakturering**.

Påminnelseavgift får bara tas ut om det är avtalat i förväg.""",
    ),
    A(
        "fakturering",
        "OCR-nummer på fakturan",
        "ocr, bankgiro, inbetalning, faktura",
        """Med OCR-nummer kan inbetalningar matchas automatiskt mot kundfakturor.

Aktivera OCR under **Inställningar → Fakturering → Betalning** och välj kontroll av
längd och checksiffra enligt ditt avtal med Bankgirot. OCR-numret byggs av
fakturanumret plus en kontrollsiffra och skrivs ut på fakturan och i e-fakturan.

Kommer betalningar in utan OCR matchas de på belopp och kund i stället.""",
    ),
    A(
        "fakturering",
        "Ändra fakturamall och logotyp",
        "fakturamall, logotyp, layout",
        """Fakturamallen styr hur dina fakturor ser ut som PDF och på papper.

Gå till **Inställningar → Fakturering → Mallar**. Där kan du ladda upp logotyp (PNG
eller SVG), välja typsnitt, lägga till fasta texter och ange vilka fält som ska
visas. Förhandsgranska med en befintlig faktura innan du sparar.

E-fakturor påverkas inte av mallen, de följer Peppol-standarden.""",
    ),
    A(
        "fakturering",
        "Samlingsfaktura för flera order",
        "samlingsfaktura, order, fakturering",
        """Kunder som får många leveranser kan faktureras en gång per period.

Markera kunden med **Samlingsfaktura** och välj intervall (vecka eller månad).
Levererade order samlas då i fakturaunderlaget och faktureras när du kör
**Fakturering → Skapa samlingsfakturor**. Varje order visas som en egen rubrik på
fakturan med sitt ordernummer och kundens referens.""",
    ),
    # --- Lön -----------------------------------------------------------------------
    A(
        "lon",
        "Semesterlöneberäkning vid ändrad sysselsättningsgrad",
        "semesterlön, sysselsättningsgrad, deltid, semester",
        """När en anställd ändrar sysselsättningsgrad, till exempel från heltid till 80 %,
påverkas semesterlönen.

## Sammalöneregeln

Med sammalöneregeln räknas semesterlönen på den aktuella månadslönen. Om
sysselsättningsgraden har ändrats under intjänandeåret justeras semesterlönen enligt
semesterlagen 16 a §, så att den speglar sysselsättningsgraden när dagarna tjänades
in.

## I systemet

1. Registrera ändringen med rätt datum under **Personal → Anställning**.
2. Kör **Lön → Semester → Beräkna justering**.
3. Kontrollera justeringen på lönebeskedet innan du godkänner lönekörningen.""",
        ("Semesterårsskifte: spara och betala ut semesterdagar",),
    ),
    A(
        "lon",
        "Lönekörningen avbryts – så hittar du felet",
        "lönekörning, fel, felsökning, lön",
        """Om lönekörningen avbryts visas en felrapport med de anställda som stoppade
körningen.

Vanliga orsaker:

- **Skattetabell saknas** för den anställde.
- **Bankkonto saknas** eller har fel clearingnummer.
- **Otillåten löneart**: en löneart som inte får användas för anställningsformen.
- **Ej attesterade tidrapporter** när lönen hämtar tid från tidrapporteringen.

Rätta uppgifterna och starta körningen igen. Redan godkända anställda räknas inte om.
Ger körningen en felkod du inte känner igen, registrera ett ärende och bifoga
felrapporten.""",
        ("Tidrapporten går inte att attestera", "Skattetabell och jämkning"),
    ),
    A(
        "lon",
        "Arbetsgivardeklaration på individnivå (AGI)",
        "agi, arbetsgivardeklaration, skatteverket, lön",
        """Arbetsgivardeklarationen lämnas varje månad till Skatteverket med uppgifter
per anställd.

1. Godkänn månadens lönekörningar.
2. Gå till **Lön → Arbetsgivardeklaration** och välj månad.
3. Kontrollera summorna och eventuella varningar.
4. Skicka filen direkt via API-kopplingen eller ladda ner XML-filen och lämna den i
   Skatteverkets e-tjänst.

Rättelser görs genom att skicka om deklarationen för den anställde som ändrats.""",
    ),
    A(
        "lon",
        "Sjuklön och karensavdrag",
        "sjuklön, karensavdrag, sjukfrånvaro",
        """Arbetsgivaren betalar sjuklön dag 1–14 av sjukperioden.

Karensavdraget är 20 % av en genomsnittlig veckas sjuklön och görs automatiskt när
du registrerar sjukfrånvaron. Återinsjuknande inom fem kalenderdagar räknas som samma
sjukperiod. Från dag 8 krävs läkarintyg, och från dag 15 anmäler du sjukfallet till
Försäkringskassan.

Registrera frånvaron per timme om den anställde har oregelbunden arbetstid.""",
    ),
    A(
        "lon",
        "Retroaktiv lön",
        "retroaktiv lön, löneändring, lönerevision",
        """När en löneförhöjning gäller bakåt i tiden räknar systemet fram den
retroaktiva lönen.

1. Registrera den nya lönen med rätt giltighetsdatum.
2. Kör **Lön → Retroaktiv beräkning** för perioden.
3. Kontrollera underlaget, som även omfattar OB, övertid och semesterlön.
4. Skapa retrolönearter i nästa lönekörning.

Den retroaktiva lönen redovisas i arbetsgivardeklarationen för utbetalningsmånaden.""",
    ),
    A(
        "lon",
        "Traktamente och skattefria ersättningar",
        "traktamente, reseräkning, utlägg, skattefri",
        """Traktamente registreras via reseräkningen och betalas ut med lönen.

Systemet använder Skatteverkets normalbelopp för inrikes och utrikes resor och
reducerar automatiskt för måltider som bjudits. För att traktamentet ska vara
skattefritt krävs övernattning och att resan gått mer än 50 km från vanliga
arbetsplatsen. Belopp över normalbeloppet blir skattepliktig lön.""",
    ),
    A(
        "lon",
        "Förmånsbil: så registrerar du förmånsvärdet",
        "förmånsbil, förmån, bilförmån",
        """Förmånsvärdet för en bil beräknas med Skatteverkets förmånsbilsberäknare.

Registrera bilens nybilspris, extrautrustning och modellår under **Lön → Förmåner**.
Värdet läggs på varje månadslön som skattepliktig förmån och redovisas i
arbetsgivardeklarationen. Betalar den anställde drivmedel privat till bilen
registrerar du det som en egen förmån.""",
    ),
    A(
        "lon",
        "Semesterårsskifte: spara och betala ut semesterdagar",
        "semester, semesterårsskifte, sparade dagar, semesterlön",
        """Vid semesterårsskiftet räknas nya semesterdagar fram och gamla hanteras.

- Dagar utöver 20 kan sparas i högst fem år.
- Ej uttagna dagar som inte får sparas betalas ut som semesterersättning.
- Semesterlöneskulden bokförs om.

Kör **Lön → Semester → Semesterårsskifte** i den lönekörning som ligger närmast
skiftet och kontrollera rapporten *Semestersaldo* efteråt.""",
        ("Semesterlöneberäkning vid ändrad sysselsättningsgrad",),
    ),
    A(
        "lon",
        "Skattetabell och jämkning",
        "skattetabell, jämkning, skatt, lön",
        """Skattetabellerna uppdateras automatiskt varje år i december.

Har den anställde ett jämkningsbeslut från Skatteverket registrerar du det under
**Lön → Anställd → Skatt** med giltighetstid. Beslutet går före tabellen. Saknas
skattsedel dras 30 % skatt enligt Skatteverkets regler.""",
    ),
    # --- Order ---------------------------------------------------------------------
    A(
        "order",
        "Registrera en order med delleverans",
        "order, delleverans, leverans",
        """Kan inte hela ordern levereras på en gång kan du dela upp leveransen.

1. Öppna ordern och välj **Leverera**.
2. Ändra levererat antal på de rader som bara delvis kan levereras.
3. Bokför leveransen. Resten ligger kvar som restorder.

Kunden får en följesedel för varje delleverans, och fakturan kan skapas per
leverans eller när hela ordern är levererad.""",
        ("Restorder: så hanterar du det som inte kunde levereras",),
    ),
    A(
        "order",
        "Restorder: så hanterar du det som inte kunde levereras",
        "restorder, order, lager, leverans",
        """Restorder uppstår när en orderrad inte kan levereras fullt ut.

Under **Order → Restorder** ser du alla öppna restorder med förväntat
leveransdatum från inköpsordern. När varorna kommer in föreslår systemet vilka
restorder som kan levereras. Vill kunden inte vänta kan du makulera restraden, så
stängs ordern.""",
        ("Registrera en order med delleverans",),
    ),
    A(
        "order",
        "Orderbekräftelse via e-post",
        "orderbekräftelse, e-post, order",
        """Orderbekräftelsen skickas till kundens e-postadress när ordern registreras.

Välj mall och avsändaradress under **Inställningar → Order → Dokument**. Om kunden
har flera kontaktpersoner styr du mottagaren med fältet *Orderkontakt* på kunden.
Bekräftelser som studsar visas i loggen på ordern.""",
    ),
    A(
        "order",
        "Priser och rabatter per kund",
        "prislista, rabatt, kundpris, order",
        """Kundspecifika priser läggs upp i prislistor.

- Skapa en prislista under **Order → Prislistor**.
- Koppla prislistan till kunden eller till en kundkategori.
- Rabatter kan anges per artikel, artikelgrupp eller som orderrabatt.

När flera priser gäller används det lägsta, om du inte ställt in en annan
prioritering.""",
    ),
    A(
        "order",
        "Fraktsätt och fraktkostnad på ordern",
        "frakt, fraktsätt, fraktkostnad, order",
        """Fraktsättet styr hur fraktkostnaden beräknas och vilken transportör som får
bokningen.

Lägg upp fraktsätt med vikt- eller beloppsintervall under **Inställningar → Order
→ Frakt**. Fraktfritt över ett visst ordervärde anges på fraktsättet. Med
transportörskopplingen skapas fraktsedeln automatiskt vid leverans.""",
    ),
    A(
        "order",
        "EDI-order från kund",
        "edi, order, integration",
        """Stora kunder skickar ofta order via EDI.

Inkommande EDI-order läses in automatiskt och hamnar i **Order → Inkorg** om något
inte kunde tolkas, till exempel ett okänt artikelnummer eller en felaktig
leveransadress. Rätta och godkänn ordern för att skicka orderbekräftelse (ORDRSP)
till kunden.""",
    ),
    # --- Lager ---------------------------------------------------------------------
    A(
        "lager",
        "Inventering steg för steg",
        "inventering, lager, lagervärde",
        """En inventering stämmer av lagersaldot mot det som faktiskt finns.

1. Skapa en inventeringslista under **Lager → Inventering**.
2. Skriv ut listan eller använd appen för att räkna.
3. Registrera inräknat antal.
4. Granska differenslistan.
5. Godkänn inventeringen; lagerförändringen bokförs automatiskt.

Undvik leveranser och inleveranser medan inventeringen pågår.""",
        ("Lagervärde stämmer inte med bokföringen",),
    ),
    A(
        "lager",
        "Lagervärde stämmer inte med bokföringen",
        "lagervärde, lager, avstämning, bokföring",
        """Om lagervärdesrapporten inte stämmer med lagerkontot i bokföringen:

- Kontrollera att alla inleveranser är bokförda och kopplade till leverantörsfakturor.
- Manuella bokningar mot lagerkontot syns inte i lagret.
- Leveranser bokförda i en senare period ger tidsskillnader.

Kör **Lager → Avstämning mot ekonomi** för att se skillnaderna per artikel och
period.""",
        ("Inventering steg för steg",),
    ),
    A(
        "lager",
        "Flytta artiklar mellan lagerställen",
        "lagerställe, lagerflytt, lager",
        """Har du flera lagerställen flyttar du varor med en lagerflytt.

Välj **Lager → Lagerflytt**, ange från- och till-lagerställe, artiklar och antal.
Flytten kan göras i ett steg eller i två steg med status *På väg*, så att
lagersaldot stämmer även under transporten.""",
    ),
    A(
        "lager",
        "Beställningspunkt och automatiska inköpsförslag",
        "beställningspunkt, inköp, inköpsförslag, lager",
        """Med beställningspunkt får du förslag på inköp när saldot blir lågt.

Ange beställningspunkt och beställningskvantitet på artikeln. Kör **Inköp →
Inköpsförslag** så skapas förslag per leverantör utifrån saldo, reserverat antal
och inkommande leveranser. Godkända förslag blir inköpsorder.""",
    ),
    # --- Projekt -------------------------------------------------------------------
    A(
        "projekt",
        "Skapa ett projekt med budget",
        "projekt, budget, projektledare",
        """Ett projekt samlar tid, material och fakturor för ett uppdrag.

1. Välj **Projekt → Nytt projekt** och ange kund, projektledare och period.
2. Lägg upp aktiviteter och budget per aktivitet (timmar och belopp).
3. Välj debiteringsform: löpande räkning eller fast pris.

Budgeten används i projektuppföljningen för att jämföra utfall mot plan.""",
        ("Projektuppföljning: intäkter mot kostnader",),
    ),
    A(
        "projekt",
        "Fakturera projekt löpande eller till fast pris",
        "projekt, fakturering, fast pris, löpande räkning",
        """Projekt på löpande räkning faktureras utifrån rapporterad tid och material.
Kör **Projekt → Fakturaunderlag**, granska raderna och skapa fakturan.

Projekt till fast pris faktureras enligt en betalplan. Lägg upp delbetalningar med
datum eller milstolpar, så föreslås fakturan när datumet passerats eller milstolpen
markerats klar.""",
    ),
    A(
        "projekt",
        "Projektuppföljning: intäkter mot kostnader",
        "projekt, uppföljning, rapport, budget",
        """Projektrapporten visar intäkter, kostnader och täckningsbidrag per projekt.

Utfallet hämtas från tidrapporter, leverantörsfakturor kopplade till projektet och
fakturerade belopp. Jämför mot budget och se prognos för färdigställande. Rapporten
kan filtreras per projektledare och exporteras till Excel.""",
    ),
    A(
        "projekt",
        "ÄTA-arbeten i projekt",
        "äta, tilläggsarbete, projekt, bygg",
        """ÄTA står för ändrings-, tilläggs- och avgående arbeten.

Registrera varje ÄTA som en egen aktivitet under projektet med status *Offererad*,
*Godkänd* eller *Avböjd*. Godkända ÄTA-arbeten faktureras separat och syns som en
egen rad i projektuppföljningen.""",
    ),
    A(
        "projekt",
        "Koppla leverantörsfakturor till projekt",
        "projekt, leverantörsfaktura, kostnad",
        """Kostnader från leverantörsfakturor följer med till projektet om du anger
projektnummer på fakturaraden vid konteringen.

Vidarefaktureringsbara kostnader kan markeras med påslag och hamnar då i
fakturaunderlaget för projektet.""",
        ("Attestflöde för leverantörsfakturor",),
    ),
    # --- Personal ------------------------------------------------------------------
    A(
        "personal",
        "Lägga upp en nyanställd",
        "nyanställd, anställning, personal",
        """Så lägger du upp en ny medarbetare:

1. **Personal → Ny anställd**: namn, personnummer och kontaktuppgifter.
2. Anställningsform, sysselsättningsgrad och startdatum.
3. Lön, skattetabell och bankkonto.
4. Semesteravtal och eventuellt kollektivavtal.
5. Behörigheter i systemet, om den anställde ska logga in.

Den anställde kommer med i nästa lönekörning från startdatumet.""",
        ("Avsluta en anställning",),
    ),
    A(
        "personal",
        "Avsluta en anställning",
        "avslut, anställning, slutlön, personal",
        """När en anställning upphör registrerar du slutdatum och orsak under
**Personal → Anställning**.

Slutlönen beräknas i nästa lönekörning, inklusive semesterersättning för intjänade
och sparade dagar. Kom ihåg att stänga den anställdes inloggning och att skicka
arbetsgivarintyg om den anställde begär det.""",
    ),
    A(
        "personal",
        "Frånvaroregistrering: föräldraledighet och VAB",
        "frånvaro, föräldraledighet, vab, personal",
        """Frånvaro registreras i kalendern under **Personal → Frånvaro** eller av den
anställde själv i tidrapporten.

Föräldraledighet och vård av barn (VAB) ger löneavdrag och redovisas i
arbetsgivardeklarationen. Frånvaro som påverkar semesterintjänandet markeras
automatiskt som semestergrundande upp till lagens gränser.""",
    ),
    A(
        "personal",
        "Personalregister och GDPR: vad får sparas?",
        "gdpr, personuppgifter, personalregister",
        """Personuppgifter om anställda får bara sparas så länge det behövs.

Systemet föreslår gallring av uppgifter om tidigare anställda när lagstadgade
lagringstider har gått ut, till exempel sju år för löneunderlag enligt
bokföringslagen. Känsliga uppgifter som hälsa ska bara registreras när det krävs,
och åtkomsten loggas.""",
    ),
    # --- Tidrapportering -----------------------------------------------------------
    A(
        "tidrapportering",
        "Tidrapporten går inte att attestera",
        "tidrapport, attest, attestera, tid",
        """Om knappen **Attestera** är grå beror det oftast på något av följande:

- Tidrapporten är inte **klarmarkerad** av den anställde.
- Du är inte attestant för den anställdes avdelning eller projekt.
- Perioden är redan **låst** för lönekörning.
- Det finns avvikelser som måste kommenteras först, till exempel övertid utan
  godkännande.

Attestanter ställs in under **Tidrapportering → Inställningar → Attestregler**.""",
        ("Låsa tidrapporter för lönekörning", "Lönekörningen avbryts – så hittar du felet"),
    ),
    A(
        "tidrapportering",
        "Rapportera tid i mobilen",
        "tidrapport, mobil, app",
        """Med mobilappen rapporterar du tid direkt på projekt och aktivitet.

Logga in med samma uppgifter som i webben. Tid som rapporteras offline synkas när
telefonen får täckning igen. Stämpla in och ut, eller ange tid i efterhand, och
klarmarkera veckan när den är komplett.""",
    ),
    A(
        "tidrapportering",
        "Flextid och övertid",
        "flextid, övertid, tid, saldo",
        """Flexsaldot räknas fram från arbetstidsschemat och rapporterad tid.

Tid utöver schemat blir flex upp till taket i ert avtal; därutöver krävs att
övertid är beordrad och godkänd av chefen. Övertid kan betalas ut eller föras över
till kompsaldo enligt den anställdes val.""",
    ),
    A(
        "tidrapportering",
        "Låsa tidrapporter för lönekörning",
        "tidrapport, låsa, lönekörning",
        """Innan lönekörningen låser du tidrapporterna för perioden så att inga ändringar
görs efter att lönen beräknats.

Välj **Tidrapportering → Perioder → Lås**. Ändringar efter låsningen hamnar som
korrigeringar i nästa period.""",
    ),
    # --- Attest --------------------------------------------------------------------
    A(
        "attest",
        "Attestflöde för leverantörsfakturor",
        "attest, leverantörsfaktura, attestflöde",
        """Leverantörsfakturor går igenom ett attestflöde innan de betalas.

Ställ in flödet under **Attest → Regler**: beloppsgränser, attestanter per
kostnadsställe eller projekt, och om två personer ska attestera. Attestanten får
en avisering och attesterar i webben eller i appen. Attesterade fakturor hamnar i
betalningsförslaget.""",
        ("Ersättare vid semester i attestflödet",),
    ),
    A(
        "attest",
        "Ersättare vid semester i attestflödet",
        "attest, ersättare, semester, frånvaro",
        """När en attestant är ledig kan fakturor fastna i flödet.

Ange en ersättare och period under **Attest → Mina ersättare**. Under perioden går
nya fakturor till ersättaren, och redan mottagna fakturor kan flyttas över av en
administratör.""",
    ),
    # --- Rapporter -----------------------------------------------------------------
    A(
        "rapporter",
        "Bygga en egen rapport",
        "rapport, rapportgenerator, egen rapport",
        """Med rapportgeneratorn bygger du egna rapporter utan programmering.

Välj datakälla (till exempel huvudbok, order eller projekt), dra in fält som rader
och kolumner och lägg till filter. Spara rapporten och dela den med kollegor eller
schemalägg att den skickas via e-post varje månad.""",
    ),
    A(
        "rapporter",
        "Exportera rapporter till Excel",
        "excel, export, rapport",
        """Alla rapporter kan exporteras till Excel (xlsx) eller CSV.

Välj **Exportera** uppe till höger i rapporten. Belopp exporteras som tal så att du
kan räkna vidare i Excel. Stora rapporter skapas i bakgrunden och du får en länk när
filen är klar.""",
    ),
    # --- Allmänt -------------------------------------------------------------------
    A(
        None,
        "Supportinloggning: så ger du support tillgång",
        "supportinloggning, behörighet, support",
        """För att Service & Kvalitet ska kunna felsöka i er miljö behöver en SuperUser
ge supporten tillgång.

Gå till **Min organisation → Supportinloggning** och välj **Ge tillgång**. Tillgången
gäller i åtta arbetstimmar; på fredagar väljer du 24 eller 72 timmar. Du kan när som
helst dra tillbaka tillgången, och varje inloggning loggas.""",
    ),
    A(
        None,
        "Byta lösenord och tvåstegsverifiering",
        "lösenord, inloggning, tvåstegsverifiering, säkerhet",
        """Byt lösenord under din profil. Lösenordet ska vara minst tolv tecken.

Har du glömt lösenordet väljer du **Glömt lösenord?** på inloggningssidan, så får du
en länk till din registrerade e-postadress. Vi rekommenderar att du aktiverar
tvåstegsverifiering med en autentiseringsapp.""",
    ),
    A(
        None,
        "Servicenivåer för programfel – vad betyder de?",
        "servicenivå, programfel, sla, prioritet",
        """När du anmäler ett programfel väljer du en servicenivå från 1 till 5.

- **Nivå 1**: tjänsten kan inte startas och det finns ingen lösning runt problemet.
- **Nivå 2**: verksamheten hindras avsevärt.
- **Nivå 3**: en del av verksamheten hindras.
- **Nivå 4**: viktigt men går att arbeta runt.
- **Nivå 5**: standardnivån.

Tiderna räknas i arbetstimmar under supportens öppettider.""",
    ),
    A(
        None,
        "Så skriver du ett bra ärende",
        "ärende, support, tips",
        """Ett tydligt ärende ger snabbare svar.

- Beskriv vad du försökte göra, vad som hände och vad du förväntade dig.
- Ange modul och, om det är ett programfel, hur du kan upprepa felet.
- Bifoga skärmbilder och eventuella felmeddelanden.
- Sök gärna i Frågor och Svar först: många frågor har redan ett svar.""",
    ),
]


# Words customers type and what the articles call them: the demo's synonyms, which staff
# keep up to date in the admin (kundcenter.knowledge.models.Synonym).
SYNONYMS = [
    ("lönespec", "lönespecifikation"),
    ("lönespec", "lönebesked"),
    ("lönespecifikation", "lönebesked"),
    ("lönebesked", "lönespecifikation"),
    ("lev", "leverantör"),
    ("levfaktura", "leverantörsfaktura"),
    ("kundres", "kundreskontra"),
    ("levres", "leverantörsreskontra"),
    ("sie", "SIE-fil"),
    ("agi", "arbetsgivardeklaration"),
    ("mervärdesskatt", "moms"),
    ("kreditnota", "kreditfaktura"),
    ("login", "inloggning"),
    ("logga", "inloggning"),
    ("inlogg", "inloggning"),
    ("vab", "vård av barn"),
    ("sjukavdrag", "karensavdrag"),
    ("karensdag", "karensavdrag"),
    ("lönelista", "lönekörning"),
    ("semesterskuld", "semesterlöneskuld"),
    ("traktamenten", "traktamente"),
    ("bilförmån", "förmånsbil"),
    ("faktureringsmall", "fakturamall"),
    ("tvåfaktorsautentisering", "tvåstegsverifiering"),
    ("2fa", "tvåstegsverifiering"),
    ("bankgirot", "bankgiro"),
]


def load_demo_synonyms() -> int:
    """Create the demo synonyms that are missing; returns how many."""
    from kundcenter.knowledge.models import Synonym

    created = 0
    for term, means in SYNONYMS:
        _synonym, made = Synonym.objects.get_or_create(term=term, means=means)
        created += made
    return created


def load_demo_articles(author=None) -> int:
    """Create the demo articles that are missing (published, reviewed recently) and
    link the related ones, and the demo synonyms. Returns how many articles were
    created. Safe to run again."""
    from kundcenter.accounts.models import Module
    from kundcenter.knowledge.models import Article

    modules = {m.slug: m for m in Module.objects.all()}
    created = 0
    with transaction.atomic():
        existing = {a.slug: a for a in Article.objects.filter(slug__in=[d.slug for d in ARTICLES])}
        for number, demo in enumerate(ARTICLES):
            if demo.slug in existing:
                continue
            existing[demo.slug] = Article.objects.create(
                module=modules.get(demo.module) if demo.module else None,
                title=demo.title,
                slug=demo.slug,
                body=demo.body,
                tags=demo.tags,
                status=Article.Status.PUBLISHED,
                last_reviewed=dt.date(2026, 1, 1) + dt.timedelta(days=7 * (number % 40)),
                author=author,
            )
            created += 1
        by_title = {a.title: a for a in existing.values()}
        for demo in ARTICLES:
            targets = [by_title[t] for t in demo.related if t in by_title]
            if targets:
                existing[demo.slug].related.add(*targets)
        load_demo_synonyms()
    return created
