"""Factories that build valid records in a line."""

import time
from decimal import Decimal

import factory
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ogop.accounts.models import Role, User
from ogop.core.models import Job
from ogop.places.models import Area
from ogop.producers.models import GroupKind, ProducerGroup
from ogop.products.models import Category, Product, Stage

PASSWORD = "test-password-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    role = Role.PROGRAMME_OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


def authenticator_for(user: User) -> TOTPDevice:
    """The person's authenticator app, set up (confirmed) if they had none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the app shows now; the next one when this one was used already (a code is
    accepted once, and one step early or late)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    return f"{hotp(device.bin_key, max(now, device.last_t + 1), device.digits):0{device.digits}d}"


def area(code: str) -> Area:
    return Area.objects.get(code=code)


class ProducerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerGroup

    code = factory.Sequence(lambda n: f"PG-{n:04d}")
    name_en = factory.Sequence(lambda n: f"Producer group {n}")
    name = factory.SelfAttribute("name_en")
    kind = GroupKind.FARMER_GROUP
    area = factory.LazyFunction(lambda: area("BT-33-03"))
    members_female = 5
    members_male = 4


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    code = factory.Sequence(lambda n: f"P-{n:04d}")
    name_en = factory.Sequence(lambda n: f"Product {n}")
    name = factory.SelfAttribute("name_en")
    category = Category.FOOD
    producer_group = factory.SubFactory(ProducerGroupFactory)
    area = factory.SelfAttribute("producer_group.area")
    price = Decimal("100.00")
    currency = "BTN"
    stage = Stage.PROTOTYPE
    is_public = True


class ImportJobFactory(factory.django.DjangoModelFactory):
    """A products import that ended: one row checked, written and created."""

    class Meta:
        model = Job

    kind = "import:products"
    owner = factory.SubFactory(UserFactory)
    file_name = "products.csv"
    state = Job.State.DONE
    total = 1
    checked = 1
    written = 1
    result = factory.LazyFunction(lambda: {"created": 1, "updated": 0})
