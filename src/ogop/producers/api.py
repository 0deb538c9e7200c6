"""Producer groups: read by anyone (public groups) or by role with a token; written with one."""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ogop.accounts.api_auth import TokenAuth, caller
from ogop.accounts.request_user import signed_in
from ogop.core.concurrency import etag_send, if_match
from ogop.core.pagination import page
from ogop.places.models import Area
from ogop.producers import services
from ogop.producers.models import ProducerGroup
from ogop.producers.selectors import producer_group_for_user

router = Router(tags=["producer groups"])
Kind = Literal["cooperative", "farmer_group", "enterprise"]


class GroupOut(Schema):
    code: str
    name: str
    name_en: str | None
    name_th: str | None
    name_dz: str | None
    kind: str
    area_code: str
    members_female: int
    members_male: int
    phone: str
    story: str
    is_public: bool
    is_illustrative: bool = Field(description="Made-up demo data, not a real group.")

    @staticmethod
    def resolve_area_code(obj: ProducerGroup) -> str:
        return obj.area.code


class GroupPage(Schema):
    items: list[GroupOut]
    next_cursor: str | None


class GroupPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name_en: str | None = Field(None, min_length=1, max_length=200)
    name_th: str | None = Field(None, max_length=200)
    name_dz: str | None = Field(None, max_length=200)
    kind: Kind | None = None
    area_code: str | None = Field(None, max_length=20)
    members_female: int | None = Field(None, ge=0, le=1_000_000)
    members_male: int | None = Field(None, ge=0, le=1_000_000)
    contact_person: str | None = Field(None, max_length=120)
    phone: str | None = Field(None, max_length=40)
    story_en: str | None = Field(None, max_length=10_000)
    story_th: str | None = Field(None, max_length=10_000)
    story_dz: str | None = Field(None, max_length=10_000)
    is_public: bool | None = None


class GroupIn(GroupPatch):
    code: str = Field(..., min_length=1, max_length=40)
    name_en: str = Field(..., min_length=1, max_length=200)
    kind: Kind
    area_code: str = Field(..., max_length=20)


class Message(Schema):
    detail: Any


def area_by_code(code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise ValidationError({"area_code": _("Unknown area code “%(code)s”.") % {"code": code}})
    return area


def _fields(data: Schema) -> dict[str, Any]:
    fields = data.model_dump(exclude_unset=True)
    if "area_code" in fields:
        fields["area"] = area_by_code(fields.pop("area_code"))
    return fields


@router.get("/producer-groups", response=GroupPage, operation_id="producer_groups_list")
def producer_groups_list(
    request: HttpRequest,
    q: str | None = Query(None, max_length=200),
    area: str | None = Query(None, max_length=20, description="area code; its whole subtree"),
    kind: Kind | None = None,
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    groups = ProducerGroup.objects.public_or_visible_to(caller(request)).select_related("area")
    if q:
        groups = groups.filter(
            Q(code__icontains=q) | Q(name_en__icontains=q) | Q(name_th__icontains=q)
        )
    if area:
        groups = groups.filter(
            area__path__startswith=Area.objects.filter(code=area).values("path")[:1]
        )
    if kind:
        groups = groups.filter(kind=kind)
    items, next_cursor = page(groups, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/producer-groups/{code}", response=GroupOut, operation_id="producer_groups_get")
def producer_groups_get(request: HttpRequest, code: str, response: HttpResponse) -> ProducerGroup:
    groups = ProducerGroup.objects.public_or_visible_to(caller(request)).select_related("area")
    group = groups.filter(code=code).first()
    if group is None:
        raise Http404
    etag_send(response, group)
    return group


@router.post(
    "/producer-groups",
    response={201: GroupOut, 403: Message, 422: Message},
    auth=TokenAuth(),
    operation_id="producer_groups_create",
)
def producer_groups_create(request: HttpRequest, data: GroupIn) -> Status[ProducerGroup]:
    if not request.user.has_perm("producers.add_producergroup"):
        raise PermissionDenied
    if ProducerGroup.objects.filter(code=data.code).exists():
        raise ValidationError(
            {"code": _("The code %(code)s is already used.") % {"code": data.code}}
        )
    return Status(201, services.producer_group_create(user=signed_in(request), **_fields(data)))


@router.patch(
    "/producer-groups/{code}",
    response={200: GroupOut, 403: Message, 404: Message, 412: Message, 422: Message},
    auth=TokenAuth(),
    operation_id="producer_groups_update",
)
def producer_groups_update(
    request: HttpRequest, code: str, data: GroupPatch, response: HttpResponse
) -> ProducerGroup:
    group = producer_group_for_user(
        user=request.user, code=code, perm="producers.change_producergroup"
    )
    with if_match(request, group):
        group = services.producer_group_update(
            group=group, user=signed_in(request), **_fields(data)
        )
    etag_send(response, group)
    return group
