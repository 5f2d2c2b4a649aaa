from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kundcenter.ops.health import report


@never_cache
@require_GET
def health(request):
    result = report()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


@never_cache
@require_GET
def health_web(request):
    result = report(web_only=True)
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)
