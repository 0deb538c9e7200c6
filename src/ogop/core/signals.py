from django.dispatch import Signal

# Sent by the registry's services after writes that bypass save() (imports, bulk updates),
# with `product_ids`, `group_ids` and `area_ids`: derived indexes (the catalog's search) and
# kept results listen to it.
registry_changed = Signal()
