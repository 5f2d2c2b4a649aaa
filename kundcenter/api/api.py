"""The open API, version 1 (django-ninja), mounted at /api/v1/.

Every call carries `Authorization: Bearer <token>`: a client system's token (made by
staff with `manage.py create_api_client`) or a person's own (made on their profile
page). A person's token acts as that person, under the same rules as the web. Each
operation needs a scope (kundcenter.api.models.Scope). Refusals are RFC 9457 problem
details in the caller's language (kundcenter.api.problems); the schema is OpenAPI 3.1 at
/api/v1/openapi.json and the documentation page at /api/v1/docs.

The routers live by subject: systems.py (access checks, payment standing, phone calls),
tickets.py, customers.py, knowledge.py and webhooks.py (endpoints and deliveries).
"""

from ninja import NinjaAPI

from kundcenter.api import customers, knowledge, problems, systems, tickets, webhooks


class KundcenterApi(NinjaAPI):
    """NinjaAPI whose schema says what the error answers really are: problem+json."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, answer in operation.get("responses", {}).items():
                    content = answer.get("content") or {}
                    if str(code)[0] in "45" and "application/json" in content:
                        content[problems.CONTENT_TYPE] = content.pop("application/json")
                    if str(code) == "429":
                        answer["headers"] = {
                            "Retry-After": {
                                "description": "Seconds until the token may call again.",
                                "schema": {"type": "integer"},
                            }
                        }
        return schema


api = KundcenterApi(
    title="Kundcenter API",
    version="1",
    description=(
        "Tickets, messages, attachments and events for customers' and the vendor's own "
        "systems; customers and their entitlements; support access checks, payment "
        "standing and the phone call log; webhook endpoints and their deliveries. "
        "Authenticate with `Authorization: Bearer <token>`; errors are RFC 9457 problem "
        "details in the language of Accept-Language (sv, en)."
    ),
    urls_namespace="api-v1",
)
problems.install(api)
api.add_router("", systems.router)
api.add_router("", tickets.router)
api.add_router("", customers.router)
api.add_router("", knowledge.router)
api.add_router("", webhooks.router)
