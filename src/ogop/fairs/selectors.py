from django.db.models import QuerySet

from ogop.fairs.models import Fair


def fair_list() -> QuerySet[Fair]:
    return Fair.objects.order_by("-starts_on")
