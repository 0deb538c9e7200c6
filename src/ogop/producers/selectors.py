"""Reads of producer groups shared by pages, imports and exports."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, PositiveIntegerField, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from ogop.accounts.models import User
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup

# The groups a user represents: read from here by the other apps' rules and selectors.
from ogop.producers.models import represented_group_ids as represented_group_ids


def producer_group_list(
    *,
    user: User | AnonymousUser,
    q: str = "",
    area: Area | None = None,
    kind: str = "",
    is_public: bool | None = None,
) -> QuerySet[ProducerGroup]:
    groups = ProducerGroup.objects.visible_to(user).select_related("area", "area__parent")
    if q:
        groups = groups.filter(
            Q(code__icontains=q)
            | Q(name_en__icontains=q)
            | Q(name_th__icontains=q)
            | Q(name_dz__icontains=q)
        )
    if area is not None:
        groups = groups.filter(area__path__startswith=area.path)
    if kind:
        groups = groups.filter(kind=kind)
    if is_public is not None:
        groups = groups.filter(is_public=is_public)
    return groups.annotate(product_count=Count("products")).order_by("name_en", "pk")


def producer_group_for_user(*, user: User | AnonymousUser, code: str, perm: str) -> ProducerGroup:
    """The group, if the user may `perm` it: 404 when they may not see it, 403 when only seeing."""
    group = ProducerGroup.objects.select_related("area", "area__parent").filter(code=code).first()
    if group is None or not user.has_perm("producers.view_producergroup", group):
        raise Http404
    if not user.has_perm(perm, group):
        raise PermissionDenied
    return group


def producer_group_codes_map() -> dict[str, ProducerGroup]:
    return {group.code: group for group in ProducerGroup.objects.only("pk", "code", "area_id")}


def _group_history() -> QuerySet[Any]:
    return ProducerGroup.history.model.objects.all()


def members_on(field: str, day: str) -> Coalesce:
    """For annotating producer groups: a group's members of one sex (`field`: members_female
    or members_male) as they stood at the end of a day (`day`: the name of an annotation of
    the groups that holds it), read from the group's history. The last record saved on or
    before that day, in the server's time zone; for a day before its first record, the first
    record (what the group held when it entered the registry); for a group without any
    record (loaded in bulk), as it is now."""
    records = _group_history().filter(id=OuterRef("pk"))
    then = records.filter(history_date__date__lte=OuterRef(day))
    return Coalesce(
        Subquery(then.order_by("-history_date", "-history_id").values(field)[:1]),
        Subquery(records.order_by("history_date", "history_id").values(field)[:1]),
        F(field),
        output_field=PositiveIntegerField(),
    )
