from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status


def test_bug_lifecycle_end_to_end(bug_a, specialist_hantverk, product_dev, superuser_a):
    t = actions.transition(bug_a, specialist_hantverk, Status.ESCALATED)
    assert t.lane == "product"
    t = actions.transition(t, product_dev, Status.IN_PROGRESS)
    t = actions.transition(t, product_dev, Status.DELIVERED)
    t = actions.transition(t, specialist_hantverk, Status.VALIDATION)
    t = actions.transition(t, superuser_a, Status.CLOSED)
    assert t.status == Status.CLOSED and t.close_reason == "resolved"
    assert bug_a.number.endswith("000001")
    assert [e.kind for e in t.events.all()][:3] == ["created", "lane", "status"]
