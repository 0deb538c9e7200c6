"""Load the areas shipped with the platform: Bhutan's from the package, Thailand's from geothai."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

import geothai

BHUTAN_FILE = "bhutan_areas.csv"
BHUTAN_POINTS_FILE = "bhutan_dzongkhag_points.csv"


@dataclass(frozen=True)
class AreaRecord:
    country: str
    level: int
    kind: str
    code: str
    parent_code: str
    name_en: str
    name_th: str = ""
    name_dz: str = ""
    latitude: str | None = None
    longitude: str | None = None


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("ogop.places").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def bhutan_records() -> Iterator[AreaRecord]:
    points = {row["code"]: row for row in _data_rows(BHUTAN_POINTS_FILE)}
    for row in _data_rows(BHUTAN_FILE):
        point = points.get(row["code"], {})
        yield AreaRecord(
            country="BT",
            level=int(row["level"]),
            kind=row["kind"],
            code=row["code"],
            parent_code=row["parent_code"],
            name_en=row["name_en"],
            name_dz=row["name_dz"],
            latitude=point.get("latitude"),
            longitude=point.get("longitude"),
        )


def thailand_records() -> Iterator[AreaRecord]:
    for province in geothai.provinces():
        yield AreaRecord("TH", 1, "province", province.code, "", province.name_en, province.name_th)
        for district in geothai.districts(province.code):
            yield AreaRecord(
                "TH", 2, "amphoe", district.code, province.code, district.name_en, district.name_th
            )
            for sub in geothai.subdistricts(district.code):
                yield AreaRecord(
                    "TH", 3, "tambon", sub.code, district.code, sub.name_en, sub.name_th
                )


def _differs(area: Any, values: dict[str, Any]) -> bool:
    """Whether a stored area's values differ from these (its `name` follows `name_en`, and
    under translation would read as the current language's; a position is stored rounded)."""
    for key, value in values.items():
        if key == "parent":
            stored, value = area.parent_id, value.pk if value else None
        elif key in ("latitude", "longitude"):
            places = type(area)._meta.get_field(key).decimal_places
            stored = getattr(area, key)
            value = None if value is None else round(Decimal(value), places)
        elif key != "name":
            stored = getattr(area, key)
        else:
            continue
        if stored != value:
            return True
    return False


def load_areas(area_model: Any, records: Iterator[AreaRecord]) -> list[int]:
    """Create or update areas by code, level by level; returns the ids of the areas created
    or changed (an area whose values are already the records' is not written again).

    Takes the model as an argument so that a migration can pass its historical model. It
    writes in bulk and sends no signal: a caller that changes areas under stored products
    sends `registry_changed` with their ids (as `ogop load_areas` does), or the search keeps
    the former names until `ogop search rebuild`.
    """
    by_level: dict[int, list[AreaRecord]] = {}
    for record in records:
        by_level.setdefault(record.level, []).append(record)
    known = {area.code: area for area in area_model.objects.all()}
    # A migration's model may predate some columns (positions came later).
    columns = {field.name for field in area_model._meta.get_fields()}
    written: list[int] = []
    for level in sorted(by_level):
        new, changed = [], []
        for record in by_level[level]:
            parent = known[record.parent_code] if record.parent_code else None
            values = {
                "country": record.country,
                "level": record.level,
                "kind": record.kind,
                "parent": parent,
                "path": f"{parent.path if parent else ''}{record.code}/",
                "name": record.name_en,
                "name_en": record.name_en,
                "name_th": record.name_th or None,
                "name_dz": record.name_dz or None,
                "latitude": record.latitude,
                "longitude": record.longitude,
            }
            values = {key: value for key, value in values.items() if key in columns}
            if area := known.get(record.code):
                if _differs(area, values):
                    for key, value in values.items():
                        setattr(area, key, value)
                    changed.append(area)
            else:
                new.append(area_model(code=record.code, **values))
        created = area_model.objects.bulk_create(new, batch_size=1000)
        area_model.objects.bulk_update(changed, fields=list(values), batch_size=1000)
        for area in created:
            known[area.code] = area
        written += [area.pk for area in [*created, *changed]]
    return written
