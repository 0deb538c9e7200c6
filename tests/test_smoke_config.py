from ogop.places.models import Area


def test_shipped_areas_are_loaded_by_migrations(db):
    assert Area.objects.filter(country="BT", level=1).count() == 20
    assert Area.objects.filter(country="BT", level=2).count() == 205
