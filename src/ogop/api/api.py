"""The JSON API at /api/v1/: OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs.
And the fair counter's endpoint, served at the counter's own address in the browser's session."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI, Swagger

from ogop.api import errors
from ogop.api.parser import StrictJsonParser
from ogop.catalog.api import router as search_router
from ogop.core.json_errors import answers_json
from ogop.fairs.api import SALE_REFUSALS, SaleParser, counter_router, sale_refusal
from ogop.fairs.api import router as fairs_router
from ogop.outlets.api import router as outlets_router
from ogop.places.api import router as areas_router
from ogop.producers.api import router as groups_router
from ogop.products.api import router as products_router
from ogop.supply.api import router as supply_router

api = NinjaAPI(
    title="OGOP Platform API",
    version="1",
    description=(
        "Areas, producer groups, products, search, fairs, purchases and batches of the OGOP "
        "Platform, and where a batch came from. Reading is "
        "open for public records; a bearer token (Preferences › API tokens) reads what the "
        "token's user may read and writes what their role may write."
    ),
    urls_namespace="api",
    # The documentation page uses the copy of its viewer shipped with the package, and asks
    # no outside validator about the schema.
    docs=Swagger(settings={"validatorUrl": None}),
    # A body is read as JSON whatever its Content-Type claims, and refused with a 4xx that
    # says why when it is not acceptable JSON.
    parser=StrictJsonParser(),
)
errors.install(api)
api.add_router("", areas_router)
api.add_router("", groups_router)
api.add_router("", products_router)
api.add_router("", search_router)
api.add_router("", fairs_router)
api.add_router("", supply_router)
api.add_router("", outlets_router)

# The counter's sales: the cashier's session with its CSRF token, not a bearer token; no
# description of its own (the counter's script is its only client, docs/fairs.md its guide).
counter = NinjaAPI(
    title="OGOP fair counter",
    version="1",
    urls_namespace="counter",
    openapi_url=None,
    docs_url=None,
    parser=SaleParser(),
)
counter.add_router("", counter_router)


def _sale_refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    status, body = sale_refusal(exc)
    return counter.create_response(request, body, status=status)


for refused in SALE_REFUSALS:
    counter.exception_handler(refused)(_sale_refused)


def counter_urls() -> list[URLPattern]:
    """The counter's routes at their own addresses and names (fair_sale_record), without the
    root page every Ninja API has. Each answers only JSON: so are the refusals made before
    it runs (a NUL in the body, core.middleware)."""
    routes = [
        route
        for route in counter.urls[0]
        if isinstance(route, URLPattern) and route.name != "api-root"
    ]
    for route in routes:
        answers_json(route.callback)
    return routes
