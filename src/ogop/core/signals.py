from django.dispatch import Signal

# Sent by the registry's services after writes that bypass save() (imports, bulk updates),
# with `product_ids` and `group_ids`: derived indexes (the catalog's search) listen to it.
registry_changed = Signal()
