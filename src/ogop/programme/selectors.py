from django.db.models import QuerySet

from ogop.programme.models import Programme


def programme_list() -> QuerySet[Programme]:
    return (
        Programme.objects.select_related("reporting_organisation")
        .prefetch_related("components")
        .order_by("-start_planned")
    )
