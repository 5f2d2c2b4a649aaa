"""How well the search answers Swedish questions over the demo articles: hit@3 (the
expected article among the first three) and MRR (mean reciprocal rank of the first
expected article), printed, with a floor.

The queries are written as customers write: whole and split compounds, abbreviated
first parts, inflections, colloquial words, typos, questions in full sentences. Each
names the articles a person would accept as the answer. Run on whichever database the
suite runs on (SQLite by default; PostgreSQL with DATABASE_URL).
"""

import pytest

from kundcenter.knowledge.search import search_articles

MOMS_AVSTAMNING = "Så stämmer du av momsrapporten"
MOMS_FEL = "Momsrapporten visar fel belopp – vanliga orsaker"
PERIODBOKSLUT = "Så gör du ett periodbokslut"
SIE = "Importera SIE-fil från ett annat bokföringsprogram"
BYGGMOMS = "Omvänd skattskyldighet för byggtjänster"
AVSKRIVNING = "Avskrivningar på inventarier"
BANK = "Bankavstämning: så matchar du bankfilen mot reskontran"
LASA_PERIOD = "Låsa en period efter bokslut"
VALUTA = "Valutakursdifferenser vid betalning av utländska fakturor"
ARSBOKSLUT = "Årsbokslut: checklista"
EFAKTURA_FEL = "Fakturor som inte går att skicka via e-faktura"
PEPPOL = "Skicka faktura via Peppol"
KREDIT = "Kreditera en faktura"
PAMINNELSE = "Påminnelser och dröjsmålsränta"
OCR = "OCR-nummer på fakturan"
FAKTURAMALL = "Ändra fakturamall och logotyp"
SAMLINGSFAKTURA = "Samlingsfaktura för flera order"
SEMESTERLON = "Semesterlöneberäkning vid ändrad sysselsättningsgrad"
LONEKORNING = "Lönekörningen avbryts – så hittar du felet"
AGI = "Arbetsgivardeklaration på individnivå (AGI)"
SJUKLON = "Sjuklön och karensavdrag"
RETRO = "Retroaktiv lön"
TRAKTAMENTE = "Traktamente och skattefria ersättningar"
FORMANSBIL = "Förmånsbil: så registrerar du förmånsvärdet"
SEMESTERAR = "Semesterårsskifte: spara och betala ut semesterdagar"
SKATTETABELL = "Skattetabell och jämkning"
DELLEVERANS = "Registrera en order med delleverans"
RESTORDER = "Restorder: så hanterar du det som inte kunde levereras"
ORDERBEKRAFTELSE = "Orderbekräftelse via e-post"
PRISER = "Priser och rabatter per kund"
FRAKT = "Fraktsätt och fraktkostnad på ordern"
EDI = "EDI-order från kund"
INVENTERING = "Inventering steg för steg"
LAGERVARDE = "Lagervärde stämmer inte med bokföringen"
LAGERFLYTT = "Flytta artiklar mellan lagerställen"
BESTALLNINGSPUNKT = "Beställningspunkt och automatiska inköpsförslag"
PROJEKT_BUDGET = "Skapa ett projekt med budget"
PROJEKT_FAKTURERA = "Fakturera projekt löpande eller till fast pris"
PROJEKT_UPPFOLJNING = "Projektuppföljning: intäkter mot kostnader"
ATA = "ÄTA-arbeten i projekt"
PROJEKT_LEVFAKTURA = "Koppla leverantörsfakturor till projekt"
NYANSTALLD = "Lägga upp en nyanställd"
AVSLUT = "Avsluta en anställning"
FRANVARO = "Frånvaroregistrering: föräldraledighet och VAB"
GDPR = "Personalregister och GDPR: vad får sparas?"
ATTESTERA_TID = "Tidrapporten går inte att attestera"
MOBIL = "Rapportera tid i mobilen"
FLEX = "Flextid och övertid"
LASA_TID = "Låsa tidrapporter för lönekörning"
ATTESTFLODE = "Attestflöde för leverantörsfakturor"
ERSATTARE = "Ersättare vid semester i attestflödet"
EGEN_RAPPORT = "Bygga en egen rapport"
EXCEL = "Exportera rapporter till Excel"
SUPPORTINLOGGNING = "Supportinloggning: så ger du support tillgång"
LOSENORD = "Byta lösenord och tvåstegsverifiering"
SERVICENIVA = "Servicenivåer för programfel – vad betyder de?"
BRA_ARENDE = "Så skriver du ett bra ärende"

# (query, the articles a person would accept, what it exercises)
EVALUATION = [
    # Whole compounds, inflected
    ("leverantörsreskontra", [BANK], "compound"),
    ("momsrapporten stämmer inte", [MOMS_FEL, MOMS_AVSTAMNING], "inflection"),
    ("semesterlönen efter deltid", [SEMESTERLON], "inflection"),
    ("fakturorna skickas inte som e-faktura", [EFAKTURA_FEL], "inflection"),
    ("kreditfakturan", [KREDIT], "inflection"),
    ("lagervärdet stämmer inte", [LAGERVARDE], "inflection"),
    ("orderbekräftelsen kommer inte fram", [ORDERBEKRAFTELSE], "inflection"),
    ("skattetabellen", [SKATTETABELL], "inflection"),
    ("avskrivningarna", [AVSKRIVNING], "inflection"),
    ("restordrar", [RESTORDER], "inflection"),
    # Split and abbreviated compounds, compounds whose parts the article uses
    ("lev reskontra", [BANK], "split compound"),
    ("reskontra för leverantörer", [BANK], "split compound"),
    ("bankfilen för leverantörsbetalningar", [BANK], "compound parts"),
    ("kundinbetalningar som inte matchas", [OCR, BANK], "compound parts"),
    ("moms rapport", [MOMS_AVSTAMNING, MOMS_FEL], "split compound"),
    ("lön körning avbryts", [LONEKORNING], "split compound"),
    ("tid rapport attest", [ATTESTERA_TID], "split compound"),
    ("lager flytt", [LAGERFLYTT], "split compound"),
    ("rapport generator", [EGEN_RAPPORT], "split compound"),
    ("projektbudget", [PROJEKT_BUDGET], "compound parts"),
    ("bilförmånen", [FORMANSBIL], "compound parts"),
    ("semesterdagar som sparas", [SEMESTERAR], "compound parts"),
    ("leverantörsfakturaattest", [ATTESTFLODE], "compound parts"),
    ("byggmomsen", [BYGGMOMS], "compound parts"),
    ("fraktkostnaden", [FRAKT], "compound parts"),
    ("tvåstegsverifieringen", [LOSENORD], "compound"),
    ("inköpsförslagen", [BESTALLNINGSPUNKT], "compound"),
    # Typos
    ("inlogning för supporten", [SUPPORTINLOGGNING], "typo"),
    ("semsterlön", [SEMESTERLON, SEMESTERAR], "typo"),
    ("fakutra kreditera", [KREDIT], "typo"),
    ("påminelse", [PAMINNELSE], "typo"),
    ("inventring", [INVENTERING], "typo"),
    ("avskrivnigar", [AVSKRIVNING], "typo"),
    ("traktamnete", [TRAKTAMENTE], "typo"),
    ("lösenrod", [LOSENORD], "typo"),
    ("samlingsfaktrua", [SAMLINGSFAKTURA], "typo"),
    ("jämkninng", [SKATTETABELL], "typo"),
    ("arbetsgivardeklaraton", [AGI], "typo"),
    # Colloquial words and synonyms
    ("lönespecarna", [SEMESTERLON], "colloquial"),
    ("lönespecen visar fel semesterlön", [SEMESTERLON], "colloquial"),
    ("agi", [AGI], "synonym"),
    ("vab", [FRANVARO], "synonym"),
    ("sie", [SIE], "synonym"),
    ("kreditnota", [KREDIT], "synonym"),
    ("kan inte logga in", [LOSENORD, SUPPORTINLOGGNING], "synonym"),
    ("karensdag sjuk", [SJUKLON], "synonym"),
    ("levfaktura projekt", [PROJEKT_LEVFAKTURA], "synonym"),
    # Questions in full sentences
    ("hur låser jag en period", [LASA_PERIOD], "sentence"),
    ("hur gör jag ett periodbokslut", [PERIODBOKSLUT], "sentence"),
    ("hur importerar jag från ett annat program", [SIE], "sentence"),
    ("vad händer med kursvinster", [VALUTA], "sentence"),
    ("vad ska med i årsbokslutet", [ARSBOKSLUT], "sentence"),
    ("hur skickar jag till kommuner med peppol", [PEPPOL, EFAKTURA_FEL], "sentence"),
    ("hur räknas dröjsmålsräntan", [PAMINNELSE], "sentence"),
    ("byta logotyp på fakturan", [FAKTURAMALL], "sentence"),
    ("löneförhöjning bakåt i tiden", [RETRO], "sentence"),
    ("leverera en del av ordern", [DELLEVERANS], "sentence"),
    ("kundpriser och rabatt", [PRISER], "sentence"),
    ("edi order", [EDI], "sentence"),
    ("fast pris projekt fakturering", [PROJEKT_FAKTURERA], "sentence"),
    ("täckningsbidrag per projekt", [PROJEKT_UPPFOLJNING], "sentence"),
    ("tilläggsarbeten", [ATA], "sentence"),
    ("ny medarbetare", [NYANSTALLD], "sentence"),
    ("slutlön när någon slutar", [AVSLUT], "sentence"),
    ("hur länge får personuppgifter sparas", [GDPR], "sentence"),
    ("rapportera tid i appen", [MOBIL], "sentence"),
    ("flexsaldo", [FLEX], "sentence"),
    ("låsa tidrapporterna innan lönen", [LASA_TID], "sentence"),
    ("ersättare när attestanten har semester", [ERSATTARE], "sentence"),
    ("exportera till excel", [EXCEL], "sentence"),
    ("vad betyder nivå 2", [SERVICENIVA], "sentence"),
    ("tips för att skriva ärenden", [BRA_ARENDE], "sentence"),
    # Compounds no article uses: their head or their known parts
    ("betalningspåminnelse", [PAMINNELSE], "compound head"),
    ("momsredovisning", [MOMS_AVSTAMNING, MOMS_FEL], "compound part"),
    ("lagerinventering", [INVENTERING], "compound head"),
    ("valutaomvärdering", [VALUTA], "compound"),
    ("semstersaldo", [SEMESTERAR], "typo"),
    ("inkasso", [PAMINNELSE], "word"),
    ("kompsaldo", [FLEX], "word"),
    ("glömt lösenordet", [LOSENORD], "inflection"),
]

# The floors this set must stay above on both databases (measured at writing:
# see the printed figures; the floors leave a little room, not much).
HIT_AT_3_FLOOR = 0.85
MRR_FLOOR = 0.75


def evaluate():
    hits, reciprocal, misses = 0, 0.0, []
    for query, expected, kind in EVALUATION:
        found = [r.article.title for r in search_articles(query, limit=10)]
        rank = next((i + 1 for i, title in enumerate(found) if title in expected), None)
        if rank is not None and rank <= 3:
            hits += 1
        else:
            misses.append((kind, query, found[:3]))
        reciprocal += 1 / rank if rank else 0
    return hits / len(EVALUATION), reciprocal / len(EVALUATION), misses


def test_the_evaluation_set_is_large_enough():
    assert len(EVALUATION) >= 60
    assert len({query for query, _, _ in EVALUATION}) == len(EVALUATION)


@pytest.mark.django_db
def test_search_quality_on_the_evaluation_set(corpus, django_db_blocker, capsys):
    from django.db import connection

    hit_at_3, mrr, misses = evaluate()
    with capsys.disabled():
        print(
            f"\nKnowledge search on {connection.vendor}: {len(EVALUATION)} queries, "
            f"hit@3 {hit_at_3:.2f}, MRR {mrr:.2f}"
        )
        for kind, query, found in misses:
            print(f"  miss ({kind}): {query!r} → {found}")
    assert hit_at_3 >= HIT_AT_3_FLOOR
    assert mrr >= MRR_FLOOR
