"""Reads of producer groups shared by pages, imports and exports."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
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
