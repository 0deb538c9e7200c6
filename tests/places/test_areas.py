from django.utils import translation

from ogop.places.loaders import bhutan_records, load_areas, thailand_records
from ogop.places.models import Area
from ogop.places.selectors import area_ancestors, area_children, areas_under, subtree


def test_thailand_has_its_official_counts(db):
    counts = {level: Area.objects.filter(country="TH", level=level).count() for level in (1, 2, 3)}
    assert counts == {1: 77, 2: 928, 3: 7436}


def test_every_gewog_is_under_its_dzongkhag_by_path(db):
    soe = Area.objects.get(code="BT-15-08")
    assert (soe.name_en, soe.parent.code, soe.path) == ("Soe", "BT-15", "BT-15/BT-15-08/")
    assert (
        subtree(Area.objects.get(code="BT-15")).count()
        == 1 + Area.objects.filter(parent__code="BT-15").count()
    )


def test_names_follow_the_language_with_english_fallback(db):
    tang = Area.objects.get(code="BT-33-03")
    metakha = Area.objects.get(code="BT-12-09")  # no Dzongkha name shipped
    with translation.override("dz"):
        assert tang.name == "སྟང་"
        assert metakha.name == "Metakha"
    with translation.override("th"):
        assert Area.objects.get(code="10").name == "กรุงเทพมหานคร"


def test_ancestors_in_order(db):
    tambon = Area.objects.get(code="840503")
    assert [a.code for a in area_ancestors(tambon)] == ["84", "8405"]


def test_children_are_sorted_by_name(db):
    names = [a.name_en for a in area_children(country="BT", parent=None)]
    assert names == sorted(names)
    assert len(names) == 20


def test_loading_again_changes_nothing(db):
    before = dict(Area.objects.values_list("code", "path"))
    assert load_areas(Area, bhutan_records()) == []
    assert load_areas(Area, thailand_records()) == []
    assert dict(Area.objects.values_list("code", "path")) == before


def test_loading_again_writes_back_only_what_differs(db):
    Area.objects.filter(code="BT-33-03").update(name_dz=None, latitude=1)
    Area.objects.filter(code="BT-15").update(longitude=None)
    written = load_areas(Area, bhutan_records())
    assert sorted(Area.objects.filter(pk__in=written).values_list("code", flat=True)) == [
        "BT-15",
        "BT-33-03",
    ]
    tang = Area.objects.get(code="BT-33-03")
    assert (tang.name_dz, tang.latitude) == ("སྟང་", None)
    assert Area.objects.get(code="BT-15").longitude is not None


def test_areas_under_are_the_areas_and_all_under_them_each_once(db):
    def codes(*area_codes):
        ids = Area.objects.filter(code__in=area_codes).values_list("pk", flat=True)
        return sorted(Area.objects.filter(pk__in=areas_under(ids)).values_list("code", flat=True))

    bumthang = sorted(subtree(Area.objects.get(code="BT-33")).values_list("code", flat=True))
    assert codes("BT-33", "BT-33-03") == bumthang  # a gewog under a dzongkhag asked for too
    assert codes("BT-33", "BT-15-08") == sorted([*bumthang, "BT-15-08"])
    assert codes() == []
    assert codes("840503") == ["840503"]


def test_areas_under_thousands_of_areas_apart(db):
    tambons = list(Area.objects.filter(country="TH", level=3).values_list("pk", flat=True))
    assert sorted(areas_under(tambons)) == sorted(tambons)
