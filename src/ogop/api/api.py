"""The JSON API at /api/v1/: OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs."""

from ninja import NinjaAPI, Swagger

from ogop.api import errors
from ogop.api.parser import StrictJsonParser
from ogop.catalog.api import router as search_router
from ogop.fairs.api import router as fairs_router
from ogop.places.api import router as areas_router
from ogop.producers.api import router as groups_router
from ogop.products.api import router as products_router

api = NinjaAPI(
    title="OGOP Platform API",
    version="1",
    description=(
        "Areas, producer groups, products, search and fairs of the OGOP Platform. Reading is "
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
