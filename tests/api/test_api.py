import json

import pytest
from django.core import signing

from ogop.accounts.models import Role
from ogop.accounts.tokens import api_token_create
from ogop.catalog.indexing import rebuild
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from tests.factories import ProducerGroupFactory, ProductFactory

API = "/api/v1"


@pytest.fixture
def token_for(make_user):
    def make(role=Role.PROGRAMME_OFFICER, user=None):
        user = user or make_user(role)
        _token, key = api_token_create(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make


def post(client, path, data, **headers):
    return client.post(API + path, json.dumps(data), content_type="application/json", **headers)


def patch(client, path, data, **headers):
    return client.patch(API + path, json.dumps(data), content_type="application/json", **headers)


def test_search_answers_in_the_stable_shape(client, db):
    ProductFactory(code="HONEY", name_en="Wild honey", name="Wild honey", name_th="น้ำผึ้งป่า")
    rebuild()
    body = client.get(f"{API}/search", {"q": "น้ำผึ้ง", "limit": 5}).json()
    assert body["results"][0]["type"] == "product"
    assert body["results"][0]["code"] == "HONEY"
    assert set(body["results"][0]) == {"type", "code", "name", "score", "is_illustrative"}
    assert body["results"][0]["is_illustrative"] is False


@pytest.mark.parametrize("q", ["", "!!!", '"*', "x" * 5000, "NEAR(a b)"])
def test_search_never_fails_on_odd_queries(client, db, q):
    response = client.get(f"{API}/search", {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_search_limit_out_of_range_is_a_clear_422(client, db):
    response = client.get(f"{API}/search", {"q": "honey", "limit": 0})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_areas_pages_with_a_cursor(client, db):
    first = client.get(f"{API}/areas", {"country": "BT", "level": 1, "limit": 15}).json()
    second = client.get(
        f"{API}/areas", {"country": "BT", "level": 1, "limit": 15, "cursor": first["next_cursor"]}
    ).json()
    codes = [a["code"] for a in first["items"] + second["items"]]
    assert len(codes) == 20 == len(set(codes))
    assert second["next_cursor"] is None


def test_a_tampered_cursor_is_refused_with_a_message(client, db):
    cursor = signing.dumps({"after": "BT-11"}, salt="ogop.api.cursor")
    response = client.get(f"{API}/areas", {"cursor": cursor[:-2] + "xx"})
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_anonymous_reads_only_public_groups(client, db):
    ProducerGroupFactory(code="OPEN")
    ProducerGroupFactory(code="CLOSED", is_public=False)
    codes = [g["code"] for g in client.get(f"{API}/producer-groups").json()["items"]]
    assert codes == ["OPEN"]
    assert client.get(f"{API}/producer-groups/CLOSED").status_code == 404


def test_officer_token_reads_private_groups(client, db, token_for):
    ProducerGroupFactory(code="CLOSED", is_public=False)
    assert client.get(f"{API}/producer-groups/CLOSED", **token_for()).status_code == 200


def test_a_wrong_token_is_refused(client, db):
    response = client.get(f"{API}/producer-groups", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401


def test_officer_creates_a_group(client, db, token_for):
    response = post(
        client,
        "/producer-groups",
        {"code": "PG-API", "name_en": "API group", "kind": "cooperative", "area_code": "BT-33-03"},
        **token_for(),
    )
    assert response.status_code == 201, response.content
    assert response.json()["area_code"] == "BT-33-03"
    group = ProducerGroup.objects.get(code="PG-API")
    assert group.history.get().history_type == "+"


def test_write_without_a_token_is_401_and_writes_nothing(client, db):
    data = {"code": "PG-X", "name_en": "X", "kind": "cooperative", "area_code": "BT-33-03"}
    assert post(client, "/producer-groups", data).status_code == 401
    assert not ProducerGroup.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code": "PG-X", "name_en": "X", "kind": "club", "area_code": "BT-33-03"}, "kind"),
        ({"code": "PG-X", "name_en": "X", "kind": "cooperative", "area_code": "XX"}, "area_code"),
        ({"code": "PG X", "name_en": "X", "kind": "cooperative", "area_code": "BT-33-03"}, "code"),
        (
            {
                "code": "PG-X",
                "name_en": "X",
                "kind": "cooperative",
                "area_code": "BT-33-03",
                "colour": "red",
            },
            "colour",
        ),
        (
            {
                "code": "PG-X",
                "name_en": "X",
                "kind": "cooperative",
                "area_code": "BT-33-03",
                "members_male": "many",
            },
            "members_male",
        ),
    ],
)
def test_bad_bodies_are_422_naming_the_field(client, db, token_for, data, field):
    response = post(client, "/producer-groups", data, **token_for())
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])
    assert not ProducerGroup.objects.exists()


def test_expert_may_not_create_groups(client, db, token_for):
    data = {"code": "PG-X", "name_en": "X", "kind": "cooperative", "area_code": "BT-33-03"}
    response = post(client, "/producer-groups", data, **token_for(Role.EXPERT))
    assert response.status_code == 403
    assert response.json()["detail"]


def test_producer_patches_own_group_but_not_another(
    client, db, token_for, producer, group, other_group
):
    headers = token_for(user=producer)
    assert (
        patch(
            client, f"/producer-groups/{group.code}", {"members_female": 30}, **headers
        ).status_code
        == 200
    )
    group.refresh_from_db()
    assert group.members_female == 30
    response = patch(
        client, f"/producer-groups/{other_group.code}", {"members_female": 1}, **headers
    )
    assert response.status_code in (403, 404)
    other_group.refresh_from_db()
    assert other_group.members_female != 1


def test_openapi_is_served_with_every_operation_named(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert all(op.get("operationId") for op in operations)


def test_docs_page_uses_no_outside_host(client, db):
    page = client.get(f"{API}/docs").content.decode()
    assert "http://" not in page
    assert "https://" not in page


def test_officer_creates_a_product_in_a_groups_gewog(client, db, token_for, group):
    data = {
        "code": "P-API",
        "name_en": "API honey",
        "category": "food",
        "producer_group_code": group.code,
        "price": "12.50",
    }
    response = post(client, "/products", data, **token_for())
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["area_code"], body["stage"], body["price"]) == (group.area.code, "idea", "12.50")


def test_producer_creates_products_only_for_its_own_group(
    client, db, token_for, producer, group, other_group
):
    headers = token_for(user=producer)
    own = {"code": "P-OWN", "name_en": "Own", "category": "food", "producer_group_code": group.code}
    assert post(client, "/products", own, **headers).status_code == 201
    other = {**own, "code": "P-OTHER", "producer_group_code": other_group.code}
    assert post(client, "/products", other, **headers).status_code == 403
    assert not Product.objects.filter(code="P-OTHER").exists()


def test_patch_moves_the_stage_and_refuses_an_unknown_one(client, db, token_for, product):
    headers = token_for()
    assert (
        patch(client, f"/products/{product.code}", {"stage": "nowhere"}, **headers).status_code
        == 422
    )
    response = patch(client, f"/products/{product.code}", {"stage": "packaging"}, **headers)
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "packaging"


def test_products_list_filters_and_hides_private_ones_from_anonymous(client, db):
    ProductFactory(code="OPEN", category="food")
    ProductFactory(code="CLOTH", category="textile")
    ProductFactory(code="PRIVATE", category="food", is_public=False)
    body = client.get(f"{API}/products", {"category": "food"}).json()
    assert [p["code"] for p in body["items"]] == ["OPEN"]


def test_products_list_finds_a_name_in_dzongkha_as_the_registry_does(client, db):
    ProductFactory(code="HONEY", name_dz="སྦྲང་རྩི་")
    ProductFactory(code="CHILLI", name_dz="ཨེ་མ་")
    body = client.get(f"{API}/products", {"q": "སྦྲང"}).json()
    assert [p["code"] for p in body["items"]] == ["HONEY"]


def test_list_endpoints_use_a_constant_number_of_queries(client, db, django_assert_max_num_queries):
    ProductFactory.create_batch(3)
    with django_assert_max_num_queries(6) as few:
        client.get(f"{API}/products")
    ProductFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"{API}/products", {"limit": 200})


def test_fairs_are_readable_with_their_public_products(client, db):
    import datetime as dt

    from ogop.fairs.models import Fair

    Fair.objects.create(
        code="F1",
        name="Fair",
        name_en="Fair",
        venue="Hall",
        city="Bangkok",
        country="TH",
        starts_on=dt.date(2017, 12, 17),
        ends_on=dt.date(2017, 12, 25),
    )
    assert client.get(f"{API}/fairs/F1").json()["product_codes"] == []
    assert [f["code"] for f in client.get(f"{API}/fairs").json()["items"]] == ["F1"]


# One rule for who may set which field, whatever the way in (#17) ---------------------------


def _product_state(product):
    product = Product.objects.get(pk=product.pk)
    return product.stage_id, product.history.count(), product.stage_changes.count()


def test_producer_may_not_move_its_products_stage_through_the_api_and_nothing_changes(
    client, db, token_for, producer, product
):
    before = _product_state(product)
    response = patch(
        client, f"/products/{product.code}", {"stage": "exported"}, **token_for(user=producer)
    )
    assert response.status_code == 403
    assert "stage" in response.json()["detail"]
    assert _product_state(product) == before


def test_producer_may_not_create_a_product_past_the_first_stage_through_the_api(
    client, db, token_for, producer, group
):
    data = {
        "code": "P-STAGED",
        "name_en": "Staged",
        "category": "food",
        "producer_group_code": group.code,
        "stage": "exported",
    }
    response = post(client, "/products", data, **token_for(user=producer))
    assert response.status_code == 403
    assert "stage" in response.json()["detail"]
    assert not Product.objects.filter(code="P-STAGED").exists()


def test_producer_may_send_back_the_stage_it_read(client, db, token_for, producer, product):
    headers = token_for(user=producer)
    read = client.get(f"{API}/products/{product.code}", **headers).json()
    response = patch(
        client, f"/products/{product.code}", {"stage": read["stage"], "unit": "jar"}, **headers
    )
    assert response.status_code == 200, response.content
    assert Product.objects.get(pk=product.pk).unit == "jar"


def test_officer_still_moves_a_stage_through_the_api(client, db, token_for, product):
    response = patch(client, f"/products/{product.code}", {"stage": "exported"}, **token_for())
    assert response.status_code == 200, response.content
    assert Product.objects.get(pk=product.pk).stage_id == "exported"


# What a producer may not read, a write does not reveal (#17) --------------------------------


def test_a_group_the_producer_may_not_see_is_unknown_like_one_that_does_not_exist(
    client, db, token_for, producer, other_group
):
    other_group.is_public = False
    other_group.save()
    headers = token_for(user=producer)
    data = {"code": "P-NEW", "name_en": "New", "category": "food"}
    hidden = post(client, "/products", {**data, "producer_group_code": other_group.code}, **headers)
    missing = post(client, "/products", {**data, "producer_group_code": "PG-NOWHERE"}, **headers)
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
    assert hidden.status_code == 422
    assert not Product.objects.filter(code="P-NEW").exists()


def test_a_taken_code_answers_alike_whether_or_not_the_producer_sees_its_product(
    client, db, token_for, producer, group, product, other_product
):
    other_product.is_public = False
    other_product.save()
    headers = token_for(user=producer)
    data = {"name_en": "New", "category": "food", "producer_group_code": group.code}
    hidden = post(client, "/products", {**data, "code": other_product.code}, **headers)
    own = post(client, "/products", {**data, "code": product.code}, **headers)
    assert hidden.status_code == own.status_code == 422
    assert hidden.json() == own.json()
    assert "already" not in str(hidden.json())
