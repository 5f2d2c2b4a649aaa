"""Writing and answering cost proposals the way staff and customers do."""

from django.urls import reverse

from kundcenter.tickets import billing


def propose(ticket, user, **kw):
    """A fixed-price proposal of 12 500 kr unless `kw` says otherwise."""
    kw.setdefault("description", "Ny fakturamall med logotyp, två korrekturrundor.")
    kw.setdefault("pricing", "fixed")
    if kw["pricing"] == "fixed":
        kw.setdefault("fixed_price", "12500")
    return billing.propose_cost(ticket, user, **kw)


def decide_url(ticket, proposal) -> str:
    return reverse("portal:decide_proposal", args=[ticket.number, proposal.pk])


def agent_url(ticket, name="ticket") -> str:
    return reverse(f"agent:{name}", args=[ticket.number])


def portal_url(ticket) -> str:
    return reverse("portal:ticket", args=[ticket.number])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
