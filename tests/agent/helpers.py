"""Reading the agent pages the way a person does: which ticket numbers are listed."""

import re

from django.urls import reverse

_ROW = re.compile(r'class="ticket-number" href="/agent/arenden/([\d-]+)/"')


def queue_numbers(client, **params) -> list[str]:
    response = client.get(reverse("agent:queue"), params)
    assert response.status_code == 200
    return _ROW.findall(response.content.decode())


def ticket_url(ticket, name="ticket") -> str:
    return reverse(f"agent:{name}", args=[ticket.number])
