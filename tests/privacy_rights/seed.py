"""One person seeded into every place a person can appear, for the export and erasure tests."""

import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from kundcenter.academy.models import (
    Course,
    Enrolment,
    MaterialRequest,
    ReleaseNote,
    ReleaseNoteRead,
    Session,
)
from kundcenter.accounts.models import (
    CustomerEvent,
    JoinRequest,
    Module,
    SupportAccessGrant,
    TrainingRecord,
)
from kundcenter.api.models import PersonalToken
from kundcenter.catalog.models import DownloadLog, Feedback, Product, ProductRelease
from kundcenter.knowledge.models import Article, SuggestionLog, Vote
from kundcenter.mail.models import InboundMessage, NotificationPreference, RefusalNotice
from kundcenter.notices.models import Notice
from kundcenter.privacy.log import address_key
from kundcenter.privacy.models import (
    DataSubjectRequest,
    Incident,
    LegalHold,
    ProcessingLogEntry,
)
from kundcenter.privacy.requests import add_one_month
from kundcenter.tickets.models import (
    Attachment,
    CostProposal,
    Macro,
    Message,
    PhoneCall,
    SavedView,
    Survey,
    Tag,
    TicketEvent,
    TicketLink,
    TicketPresence,
    TicketTag,
    TimeEntry,
)
from kundcenter.webhooks.models import Endpoint
from tests import factories

EMAIL = "greta.exempel@kund-exempel.se"
NAME = "Greta Exempelsson"
PHONE = "070-555 12 34"


def make_person(org):
    person = factories.make_superuser(org, EMAIL, NAME)
    person.phone = PHONE
    person.save(update_fields=["phone"])
    return person


def seed_everywhere(person, org, other_org, staff):
    """Create at least one row for every foreign key to users, and text mentions.

    Returns {place key: set of pks that must be in the export}.
    """
    now = timezone.now()
    module = Module.objects.get(slug="ekonomi")
    expect = {}

    def add(key, obj):
        expect.setdefault(key, set()).add(obj.pk)
        return obj

    ticket = factories.make_ticket(
        org,
        person,
        title=f"Fråga från {NAME}",
        description=f"Ring mig på {PHONE} eller skriv till {EMAIL}.",
    )
    add("tickets.ticket.reporter", ticket)
    staff_ticket = factories.make_ticket(other_org, factories.make_superuser(other_org))
    staff_ticket.assignee = person
    staff_ticket.save(update_fields=["assignee"])
    add("tickets.ticket.assignee", staff_ticket)
    add("tickets.ticket.mentions", ticket)

    message = Message.objects.create(
        ticket=ticket, author=person, body=f"Hälsningar {NAME}, {PHONE}"
    )
    add("tickets.message.author", message)
    colleague_note = Message.objects.create(
        ticket=staff_ticket,
        author=staff,
        body=f"Kunden {NAME} ({EMAIL}) ringde.",
        internal=True,
    )
    add("tickets.message.mentions", colleague_note)
    attachment = Attachment.objects.create(
        ticket=ticket,
        message=message,
        file=ContentFile(f"Skärmbild från {NAME}".encode(), name="bild.txt"),
        filename=f"{NAME} skärmbild.txt",
        content_type="text/plain",
        size=20,
        uploaded_by=person,
    )
    add("tickets.attachment.uploaded_by", attachment)
    add(
        "tickets.ticketevent.actor",
        TicketEvent.objects.create(
            ticket=staff_ticket, kind="note", actor=person, reason=f"Pratade med {EMAIL}"
        ),
    )
    proposal = CostProposal.objects.create(
        ticket=ticket,
        description="Import av kundregister",
        pricing="fixed",
        fixed_price=1000,
        state="accepted",
        created_by=person,
        decided_by=person,
        decided_at=now,
    )
    add("tickets.costproposal.created_by", proposal)
    add("tickets.costproposal.decided_by", proposal)
    add(
        "tickets.timeentry.user",
        TimeEntry.objects.create(
            ticket=ticket,
            user=person,
            minutes=30,
            billable=True,
            reason="order",
            note=f"Samtal med {NAME}",
        ),
    )
    # A customer-satisfaction survey: asked of the person, about their work, followed up
    # by them (one row holds all three).
    survey = Survey.objects.create(
        ticket=ticket,
        person=person,
        team_id=ticket.team_id,
        category=ticket.category,
        specialist=person,
        score=2,
        comment=f"Inget svar från {NAME}",
        answered_at=now,
        followed_up_at=now,
        followed_up_by=person,
        follow_up_note="Ringde kunden",
    )
    for field in ("person", "specialist", "followed_up_by"):
        add(f"tickets.survey.{field}", survey)
    # The agent workspace: a tag the person put on a ticket, their own canned reply (made
    # by them) and a saved queue view.
    add(
        "tickets.tickettag.added_by",
        TicketTag.objects.create(
            ticket=ticket, tag=Tag.objects.create(name="Greta-tagg"), added_by=person
        ),
    )
    macro = Macro.objects.create(
        name="Gretas makro", owner=person, created_by=person, body_sv=f"Hälsningar {NAME}"
    )
    for field in ("owner", "created_by"):
        add(f"tickets.macro.{field}", macro)
    add(
        "tickets.savedview.owner",
        SavedView.objects.create(owner=person, name="Gretas kö", query="assignee=me"),
    )
    # The call log: a call the person handled, and one they made (found by their phone).
    add(
        "tickets.phonecall.handled_by",
        PhoneCall.objects.create(
            started_at=now, waited_seconds=60, handled_by=person, source="staff"
        ),
    )
    add(
        "tickets.phonecall.caller_number",
        PhoneCall.objects.create(
            started_at=now,
            waited_seconds=90,
            ticket=ticket,
            organization=org,
            caller_number="0705551234",  # PHONE as the call log stores it
            source="switchboard",
            external_id="vx-greta",
        ),
    )

    # The agent workspace (issue 13): links, presence, in-app notices.
    add(
        "tickets.ticketlink.created_by",
        TicketLink.objects.create(
            ticket=ticket, other=staff_ticket, kind="related", created_by=person
        ),
    )
    add(
        "tickets.ticketpresence.user",
        TicketPresence.objects.create(ticket=staff_ticket, user=person),
    )
    add(
        "notices.notice.recipient",
        Notice.objects.create(recipient=person, kind="assigned", ticket=staff_ticket),
    )
    add(
        "notices.notice.actor",
        Notice.objects.create(
            recipient=staff, kind="reply", ticket=ticket, actor=person, excerpt=f"Mvh {NAME}"
        ),
    )

    add("accounts.membership.user", person.memberships.get(organization=org))
    join = JoinRequest.objects.create(
        user=person, organization=other_org, message=f"Jag är {NAME}", decided_by=person
    )
    add("accounts.joinrequest.user", join)
    add("accounts.joinrequest.decided_by", join)
    training = TrainingRecord.objects.filter(user=person).first()
    training.recorded_by = person
    training.save(update_fields=["recorded_by"])
    add("accounts.trainingrecord.user", training)
    add("accounts.trainingrecord.recorded_by", training)
    grant = SupportAccessGrant.objects.create(
        organization=org,
        audience="support",
        granted_by=person,
        revoked_by=person,
        revoked_at=now,
        note=f"Kontakt: {PHONE}",
        starts_at=now,
        expires_at=now + datetime.timedelta(days=1),
    )
    add("accounts.supportaccessgrant.granted_by", grant)
    add("accounts.supportaccessgrant.revoked_by", grant)
    event = CustomerEvent.objects.create(
        organization=org, kind="grant", actor=person, subject=person, detail=f"{NAME} gav åtkomst"
    )
    add("accounts.customerevent.actor", event)
    add("accounts.customerevent.subject", event)

    add(
        "webhooks.endpoint.owner",
        Endpoint.objects.create(
            organization=org,
            owner=person,
            url="https://erp.kund-exempel.se/kundcenter",
            description=f"Affärssystemet ({NAME})",
            events=["ticket.created"],
            secret="whsec_dGVzdC1oZW1saWdoZXQ=",
        ),
    )
    add(
        "api.personaltoken.user",
        PersonalToken.objects.create(
            user=person, name=f"Integration ({NAME})", token_hash="0" * 64, prefix="kc_test"
        ),
    )
    add(
        "mail.notificationpreference.user",
        NotificationPreference.objects.create(user=person, replies=False),
    )
    # Two-factor authentication: the devices are exported, their secret keys never.
    add("otp_totp.totpdevice.user", factories.make_totp_device(person))
    add(
        "otp_static.staticdevice.user",
        StaticDevice.objects.create(user=person, name="Backup codes", confirmed=True),
    )
    refused = InboundMessage.objects.create(
        message_key="refused-1@kund-exempel.se",
        source="imap",
        sender_email=EMAIL,
        sender_name="Greta E.",
        subject=f"Hjälp från {NAME}",
        outcome="refused",
        reason_code="unknown_sender",
        raw=f"From: Greta E. <{EMAIL}>\r\nSubject: Hjälp\r\n\r\nMvh {NAME} {PHONE}".encode(),
    )
    add("mail.inboundmessage.mentions", refused)
    cc_mail = InboundMessage.objects.create(
        message_key="cc-1@other.example",
        source="imap",
        sender_email="someone@other.example",
        subject="Fråga",
        outcome="reply_added",
        ticket=staff_ticket,
        raw=f"From: someone@other.example\r\nCc: {EMAIL}\r\n\r\nHej".encode(),
    )
    RefusalNotice.objects.create(sender_email=EMAIL, last_sent_at=now)

    article = Article.objects.create(
        module=module, title="Moms", slug="moms-exempel", body="Text", author=person
    )
    add("knowledge.article.author", article)
    add("knowledge.vote.user", Vote.objects.create(article=article, user=person, helpful=True))
    add(
        "knowledge.suggestionlog.user",
        SuggestionLog.objects.create(user=person, query=f"moms {EMAIL}"),
    )

    note = ReleaseNote.objects.create(module=module, version="1.0", title="Nytt", body="Text")
    add("academy.releasenoteread.user", ReleaseNoteRead.objects.create(note=note, user=person))
    course = Course.objects.create(module=module, title="Ekonomi grundkurs")
    session = Session.objects.create(
        course=course, starts_at=now, ends_at=now + datetime.timedelta(hours=2), seats=10
    )
    add(
        "academy.enrolment.user",
        Enrolment.objects.create(session=session, user=person, status="enrolled"),
    )
    add(
        "academy.materialrequest.user",
        MaterialRequest.objects.create(
            user=person, module=module, subject="Video", description=f"Från {NAME}"
        ),
    )

    product = Product.objects.create(name="Klient", slug="klient")
    release = ProductRelease.objects.create(
        product=product, version="1", file=ContentFile(b"x", name="k.zip"), filename="k.zip"
    )
    add("catalog.downloadlog.user", DownloadLog.objects.create(release=release, user=person))
    add(
        "catalog.feedback.user",
        Feedback.objects.create(user=person, message=f"Bra! /{NAME}, {PHONE}"),
    )

    add(
        "admin.logentry.user",
        LogEntry.objects.create(
            user=person,
            content_type=ContentType.objects.get_for_model(person),
            object_id=str(person.pk),
            object_repr=NAME,
            action_flag=CHANGE,
            change_message="[]",
        ),
    )
    log_about = ProcessingLogEntry.objects.create(
        at=now, actor=staff, subject=person, action="read", object_description="person details"
    )
    add("privacy.processinglogentry.subject", log_about)
    add(
        "privacy.processinglogentry.subject_key",  # from before the person had an account
        ProcessingLogEntry.objects.create(
            at=now, actor=staff, subject_key=address_key(EMAIL), action="read"
        ),
    )
    add(
        "privacy.processinglogentry.actor",
        ProcessingLogEntry.objects.create(at=now, actor=person, subject=staff, action="read"),
    )
    add(
        "privacy.incident.created_by",
        Incident.objects.create(detected_at=now, description="Test", created_by=person),
    )
    hold = LegalHold.objects.create(
        user=person, reason="Tvist", set_by=person, active=False, released_by=person
    )
    add("privacy.legalhold.user", hold)
    add("privacy.legalhold.set_by", hold)
    add("privacy.legalhold.released_by", hold)
    dsr = DataSubjectRequest.objects.create(
        user=person,
        email=EMAIL,
        kind="export",
        due_at=add_one_month(now),
        handled_by=person,
        note=f"Ringde från {PHONE}",
    )
    add("privacy.datasubjectrequest.user", dsr)
    add("privacy.datasubjectrequest.handled_by", dsr)
    return {"expect": expect, "ticket": ticket, "cc_mail": cc_mail, "attachment": attachment}
