"""The bell in the staff header. The page itself renders it without a query; htmx fetches
the unread count from `notices:bell` when the page loads and every minute after."""

from django import template

register = template.Library()


@register.inclusion_tag("notices/_bell.html", takes_context=True)
def notice_bell(context):
    from kundcenter.accounts.rules import is_staff_role

    user = context.get("user")
    if user is None or not is_staff_role(user):
        return {"show": False}
    return {"show": True, "unread": None, "nav": context.get("nav")}
