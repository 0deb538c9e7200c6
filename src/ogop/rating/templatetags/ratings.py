"""Ratings shown on other apps' pages: a product's page shows its stars round by round.

A tag, so that the product's page reads its ratings through the rating app, which sits above
products, rather than products' views importing rating."""

from typing import Any

from django import template

from ogop.products.models import Product
from ogop.rating.selectors import product_star_history

register = template.Library()


@register.inclusion_tag("rating/partials/_star_history.html")
def star_history(product: Product) -> dict[str, Any]:
    """The product's ratings of closed rounds, newest first, as a table."""
    return {"ratings": product_star_history(product)}
