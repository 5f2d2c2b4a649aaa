"""Search latency at scale: `manage.py bench_search`.

Fills the configured database up to `--articles` articles (default 10,000), made from the
demo corpus with variations and inserted in bulk, then times `search_articles` for
realistic search-box queries (with split compounds, typos and synonyms, the demo's
synonyms loaded), the same queries in the one search box over every kind (the articles
are its entries too), and new-ticket texts (the live suggestions), and prints
the median and 95th percentile. Works on PostgreSQL and SQLite; use a database of its
own (README: "Benchmarks").
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from kundcenter.accounts.models import Module
from kundcenter.demo.articles import ARTICLES, load_demo_synonyms
from kundcenter.knowledge.models import Article, SearchEntry
from kundcenter.knowledge.rendering import plain_text
from kundcenter.knowledge.search import index_articles, search_articles, suggest_articles
from kundcenter.knowledge.site_search import search_everything, sync_items
from kundcenter.lib.bench import Stopwatch, format_table, median, percentile, progress

BENCH_SLUG = "bench-"
BATCH = 500
VACUUMED = [
    "knowledge_article",
    "knowledge_searchentry",
    "knowledge_searchterm",
    "knowledge_sitesearchterm",
]

TITLE_VARIATIONS = [
    "",
    " – vanliga frågor",
    " i praktiken",
    " för nya användare",
    " (version 2025.{n})",
    " – checklista",
    " steg för steg",
    " vid årsskiftet",
    " för {industry}",
    " – felsökning",
]
INDUSTRIES = ["bygg", "transport", "detaljhandel", "restaurang", "vård", "konsult", "lantbruk"]
EXTRA_SENTENCES = [
    "Gäller från version 2025.{n} och senare.",
    "Kontakta din SuperUser om du saknar behörighet.",
    "Bilden i handboken visar inställningen för {industry}.",
    "Ändringen slår igenom först efter att du loggat ut och in igen.",
    "Rapporten kan också schemaläggas och skickas via e-post.",
    "Tänk på att kontrollera perioden innan du bokför.",
    "Läs även release notes för den senaste versionen.",
]

SEARCH_QUERIES = [
    "fakturor", "faktura e-faktura", "momsrapport", "momsrapporten stämmer inte",
    "semesterlön", "semesterlöneberäkning deltid", "lönekörning fel", "lönekörningen avbryts",
    "karensavdrag", "sjuklön", "traktamente", "förmånsbil", "arbetsgivardeklaration",
    "agi skatteverket", "retroaktiv lön", "skattetabell jämkning", "sie import",
    "sie-fil", "bokslut", "årsbokslut checklista", "periodbokslut", "låsa period",
    "avskrivningar inventarier", "bankavstämning", "bankfil camt", "valuta kursdifferens",
    "omvänd skattskyldighet bygg", "byggmoms", "kreditfaktura", "kreditera faktura",
    "påminnelse dröjsmålsränta", "ocr nummer", "fakturamall logotyp", "samlingsfaktura",
    "peppol", "peppol-id saknas", "delleverans", "restorder", "orderbekräftelse e-post",
    "prislista rabatt", "frakt", "edi order", "inventering", "lagervärde", "lagerflytt",
    "beställningspunkt inköpsförslag", "projekt budget", "fast pris projekt", "äta",
    "projektuppföljning", "nyanställd", "avsluta anställning", "föräldraledighet vab",
    "gdpr personalregister", "tidrapport attestera", "tidrapporten går inte att attestera",
    "mobil tidrapport", "flextid övertid", "attestflöde leverantörsfaktura",
    "ersättare semester attest", "egen rapport", "excel export", "supportinloggning",
    "lösenord", "servicenivå programfel", "hur skriver jag ett ärende",
    "\"faktura\" OR moms*", "lön'; DROP TABLE knowledge_article; --", "NEAR(moms rapport)",
    # Split and abbreviated compounds, compound parts, typos and synonyms (issue 16).
    "lev reskontra", "reskontra för leverantörer", "bankfilen för leverantörsbetalningar",
    "kundinbetalningar som inte matchas", "fakutra", "semsterlön", "inlogning",
    "avskrivnigar", "lönespecarna", "kreditnota", "vab", "moms rapport",
]  # fmt: skip
TICKET_TEXTS = [  # (title, description) as typed into the new-ticket form
    (
        "Momsrapporten visar fel belopp",
        "Momsrapporten för mars visar ett annat belopp än huvudboken på konto 2610 och vi "
        "ska deklarera på fredag.",
    ),
    (
        "E-faktura skickas inte",
        "Fakturorna till kommunen ligger kvar som ej skickade i kön, vad kan vara fel?",
    ),
    (
        "Semesterlönen blir fel",
        "En anställd gick ner till 80 procent i april och nu blir semesterlönen fel vid "
        "semesteruttag.",
    ),
    (
        "Lönekörningen avbryts med felkod",
        "När vi startar lönekörningen avbryts den efter några sekunder och vi får en felrapport.",
    ),
    ("Kan inte attestera tidrapport", "Knappen attestera är grå för två av mina medarbetare."),
    ("Inventering differens", "Efter inventeringen stämmer inte lagervärdet med bokföringen."),
    ("Restorder försvinner", "Restorder från förra veckan syns inte längre under order."),
    ("Problem med importen", "Import av SIE-fil misslyckas med ogiltig teckenkodning."),
    ("Fråga", "Hur lägger jag upp en nyanställd med deltid och ett eget semesteravtal?"),
]


class Command(BaseCommand):
    help = "Fill the database with articles and measure search latency (median and p95)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000, help="Articles wanted.")
        parser.add_argument("--queries", type=int, default=300, help="Search-box queries.")
        parser.add_argument("--suggestions", type=int, default=100, help="Ticket texts.")
        parser.add_argument("--warmup", type=int, default=20, help="Unmeasured queries first.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (repeatable).")
        parser.add_argument("--reset", action="store_true", help="Delete the bench articles first.")

    def handle(self, *args, **options):
        if options["articles"] < 0 or options["queries"] < 1:
            raise CommandError("--articles must be 0 or more and --queries at least 1.")
        self.rng = random.Random(options["seed"])
        self.verbose = options["verbosity"] >= 1
        if options["reset"]:
            deleted, _ = Article.objects.filter(slug__startswith=BENCH_SLUG).delete()
            self.say(f"Deleted {deleted} bench rows.")
        made = self.fill(options["articles"])
        load_demo_synonyms()
        total = Article.objects.count()
        self.say(f"{connection.vendor}: {total} articles ({made} made now).")

        modules = list(Module.objects.filter(active=True))
        search = [
            (self.rng.choice(SEARCH_QUERIES), self.rng.choice(modules) if i % 4 == 0 else None)
            for i in range(options["queries"])
        ]
        tickets = [self.rng.choice(TICKET_TEXTS) for _ in range(options["suggestions"])]
        for query, module in search[: options["warmup"]]:
            search_articles(query, module=module)
        rows = [
            self.measure(
                "search box (limit 20)",
                [lambda q=q, m=m: search_articles(q, module=m) for q, m in search],
            ),
            self.measure(
                "one search box, every kind (limit 20)",
                [lambda q=q, m=m: search_everything(q, module=m).results for q, m in search],
            ),
            self.measure(
                "ticket-form suggestions (limit 5)",
                [lambda t=t, d=d: suggest_articles(t, d, limit=5) for t, d in tickets],
            ),
        ]
        self.stdout.write("")
        self.stdout.write(
            format_table(
                ["scenario", "queries", "median ms", "p95 ms", "max ms", "hits (mean)"], rows
            )
        )

    def say(self, text):
        if self.verbose:
            self.stdout.write(text)

    def measure(self, label, searches):
        times, hits = [], []
        for search in searches:
            watch = Stopwatch()
            results = search()
            times.append(watch.stop() * 1000)
            hits.append(len(results))
        return [
            label,
            len(times),
            f"{median(times):.2f}",
            f"{percentile(times, 95):.2f}",
            f"{max(times):.2f}",
            f"{sum(hits) / len(hits):.1f}" if hits else "0",
        ]

    def fill(self, wanted: int) -> int:
        missing = wanted - Article.objects.count()
        if missing <= 0:
            return 0
        modules = {m.slug: m for m in Module.objects.all()}
        start = Article.objects.filter(slug__startswith=BENCH_SLUG).count()
        now = timezone.now()
        bar = progress(missing, "Articles", enabled=self.verbose, unit="art")
        made = 0
        while made < missing:
            batch = [
                self.variation(start + made + i, modules, now)
                for i in range(min(BATCH, missing - made))
            ]
            with transaction.atomic():
                created = Article.objects.bulk_create(batch)
                # bulk_create sends no signals: index the batch here (ids are set).
                index_articles(created)
                sync_items(SearchEntry.Kind.ARTICLE, [a.pk for a in created])
            made += len(batch)
            bar.update(len(batch))
        bar.close()
        if connection.vendor == "postgresql":
            # As autovacuum leaves them in use: the fill's updates (each article's
            # vector, every vocabulary count many times) leave dead rows that the
            # vocabulary's trigram index and the ranking would otherwise wade through.
            with connection.cursor() as cursor:
                for table in VACUUMED:
                    cursor.execute(f"VACUUM ANALYZE {table}")
        return made

    def variation(self, number, modules, now):
        rng = self.rng
        base = ARTICLES[number % len(ARTICLES)]
        same_module = [a for a in ARTICLES if a.module == base.module and a is not base]
        fill = {"n": rng.randint(1, 26), "industry": rng.choice(INDUSTRIES)}
        title = base.title + rng.choice(TITLE_VARIATIONS).format(**fill)
        paragraphs = base.body.split("\n\n")
        rng.shuffle(paragraphs)
        if same_module and rng.random() < 0.5:
            paragraphs.append(rng.choice(rng.choice(same_module).body.split("\n\n")))
        paragraphs.append(rng.choice(EXTRA_SENTENCES).format(**fill))
        body = "\n\n".join(paragraphs)
        updated = now - dt.timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440))
        return Article(
            module=modules.get(base.module) if base.module else None,
            title=title[:200],
            slug=f"{BENCH_SLUG}{number}",
            body=body,
            body_text=plain_text(body),
            tags=base.tags,
            status=Article.Status.DRAFT if rng.random() < 0.1 else Article.Status.PUBLISHED,
            last_reviewed=updated.date(),
            view_count=int(rng.paretovariate(1.5) * 10),
            created_at=updated,
            updated_at=updated,
        )
