from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    PRODUCT = "product", _("product")
    PRODUCER_GROUP = "producer_group", _("producer group")


class SearchEntry(models.Model):
    """One public product or producer group as the search sees it: its words, prepared by
    catalog.segmentation, and the facts results are filtered and ranked by.

    Kept in step with the registry by catalog.indexing; the full-text index over `names` and
    `body` is the database's own (FTS5 on SQLite, tsvector on PostgreSQL; see migrations).
    """

    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    object_id = models.BigIntegerField()
    code = models.CharField(max_length=40)
    name_en = models.CharField(max_length=200)
    name_th = models.CharField(max_length=200, blank=True)
    name_dz = models.CharField(max_length=200, blank=True)
    names = models.TextField(help_text="index words of the names, in every language")
    body = models.TextField(help_text="index words of the story, group and area")
    parts = models.TextField(blank=True, help_text="parts of Thai compound words, in either")
    category = models.CharField(max_length=20, blank=True)
    area_path = models.CharField(max_length=255)
    stars = models.PositiveSmallIntegerField(default=0)
    is_flagship = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_object")
        ]
        indexes = [
            models.Index(fields=["area_path"]),
            models.Index(fields=["category"]),
            # Covers the count of public products by area (one GROUP BY on the path's prefix).
            models.Index(fields=["kind", "area_path"], name="catalog_entry_kind_path"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"


class SearchTermVariant(models.Model):
    """An index word and the words made from it by deleting a letter or two, to find words a
    typo or two away (catalog.indexing.variants)."""

    variant = models.CharField(max_length=100, db_index=True)
    term = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "term"], name="one_variant_per_term")
        ]

    def __str__(self) -> str:
        return f"{self.variant} → {self.term}"


class Synonym(models.Model):
    """Words or phrases a buyer may type for the same thing, in any language or spelling: a
    query with one of them also finds the others. Added to the shipped ones
    (catalog/data/synonyms.txt) by an administrator."""

    words = models.TextField(
        _("words"),
        help_text=_(
            "Words or phrases that mean the same, in any language, separated by commas: "
            "chilli, chili, พริก, ཨེ་མ"
        ),
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return self.words[:100]


class IndexState(models.Model):
    """What the stored search entries were written with (one row): when the segmentation's
    words change (a new version of the dictionary, names added to the shipped synonyms), the
    entries no longer meet the words a query is cut into, and migrating writes them anew
    (catalog.indexing.rebuild_if_stale)."""

    words = models.CharField(max_length=64, help_text="fingerprint of the segmentation's words")
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.words
