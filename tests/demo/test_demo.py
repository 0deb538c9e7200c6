import datetime as dt
from io import StringIO

from django.core.management import call_command

from ogop.accounts.models import Role, User
from ogop.core.history import history_entries
from ogop.fairs.models import Fair
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.programme.models import Programme


def test_demo_loads_the_source_documents_facts(demo, db):
    programme = Programme.objects.get()
    assert (programme.start_planned.year, programme.end_planned.year) == (2016, 2018)
    assert programme.components.count() == 7
    assert (programme.sdg_goals, programme.sdg_targets) == ("17", "17.9")
    fair = Fair.objects.get(code="OTOP-CITY-2017")
    assert (fair.starts_on, fair.ends_on) == (dt.date(2017, 12, 17), dt.date(2017, 12, 25))
    assert Product.objects.count() == 35


def test_demo_products_are_in_real_gewogs_and_marked_illustrative(demo, db):
    products = Product.objects.select_related("area")
    assert all(p.is_illustrative and p.area.level == 2 and p.area.country == "BT" for p in products)
    assert not ProducerGroup.objects.filter(is_illustrative=False).exists()
    assert len({p.area.parent_id for p in products}) >= 15


def test_demo_runs_twice_without_duplicates(demo, db):
    call_command("demo", stdout=StringIO())
    counts = (Programme.objects.count(), Product.objects.count(), User.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Programme.objects.count(), Product.objects.count(), User.objects.count()) == counts
    assert counts[:2] == (1, 35)


def test_demo_if_empty_does_nothing_when_loaded(demo, db):
    Product.objects.filter(code="BT-P001").update(name_en="Changed")
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Product.objects.get(code="BT-P001").name_en == "Changed"


def test_demo_has_a_user_for_every_role(demo, db):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(username="admin").get().role == Role.ADMIN
    producer = User.objects.get(username="producer")
    assert producer.producer_groups.count() == 1
    assert User.objects.get(username="admin").is_superuser


def test_a_one_field_edit_of_a_demo_product_lists_that_field_alone(demo, db):
    # Given the demo, whose products are imported, then marked illustrative
    product = Product.objects.filter(description_dz__isnull=True).first()
    producer = User.objects.filter(role=Role.PRODUCER).first()
    # When its producer changes its English name in a form, which saves empty texts as ""
    product.name_en = "Renamed honey"
    product.description_dz = ""
    product._history_user = producer
    product.save()
    # Then the change lists the name, and neither the mark nor the empty story
    (latest, *_earlier) = history_entries(product)
    assert [change.field for change in latest.changes] == ["name [en]"]
