"""The import benchmark's baseline: the products file through django-import-export.

As close to the platform's import as the library goes: rows matched by code, producer group,
area and stage read by their codes, every instance validated (`full_clean`, with its unique
checks) before it is saved, in bulk, in a transaction. What differs from the platform's
import: no history rows, no stage changes recorded, no search index update, no check for
two flagships in one gewog or for a stage moving backwards, an empty area or currency not
filled in from the group and the country, and errors reported by the library's own means.
"""

from typing import Any

from import_export import fields, resources, widgets

from ogop.places.models import Area
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product, Stage

YES = {"yes", "y", "true", "1"}


class YesNoWidget(widgets.BooleanWidget):
    """The products file writes yes and no."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        return str(value or "").strip().lower() in YES


class ProductResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="code")
    name = fields.Field(attribute="name", column_name="name_en")
    name_en = fields.Field(attribute="name_en", column_name="name_en")
    name_th = fields.Field(attribute="name_th", column_name="name_th")
    name_dz = fields.Field(attribute="name_dz", column_name="name_dz")
    category = fields.Field(attribute="category", column_name="category")
    producer_group = fields.Field(
        attribute="producer_group",
        column_name="producer_code",
        widget=widgets.ForeignKeyWidget(ProducerGroup, field="code"),
    )
    area = fields.Field(
        attribute="area", column_name="area_code", widget=widgets.ForeignKeyWidget(Area, "code")
    )
    price = fields.Field(attribute="price", column_name="price", widget=widgets.DecimalWidget())
    currency = fields.Field(attribute="currency", column_name="currency")
    unit = fields.Field(attribute="unit", column_name="unit")
    stage = fields.Field(
        attribute="stage", column_name="stage", widget=widgets.ForeignKeyWidget(Stage, "code")
    )
    is_flagship = fields.Field(
        attribute="is_flagship", column_name="flagship", widget=YesNoWidget()
    )
    is_public = fields.Field(attribute="is_public", column_name="public", widget=YesNoWidget())
    description = fields.Field(attribute="description", column_name="description_en")
    description_en = fields.Field(attribute="description_en", column_name="description_en")
    description_th = fields.Field(attribute="description_th", column_name="description_th")

    class Meta:
        model = Product
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "name_en",
            "name_th",
            "name_dz",
            "category",
            "producer_group",
            "area",
            "price",
            "currency",
            "unit",
            "stage",
            "is_flagship",
            "is_public",
            "description",
            "description_en",
            "description_th",
        ]
        clean_model_instances = True
        use_bulk = True
        batch_size = 1_000
        skip_diff = True
