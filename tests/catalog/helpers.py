"""Small factories for catalog tests."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from kundcenter.accounts.models import Module
from kundcenter.catalog import actions
from kundcenter.catalog.models import Product, Service


def make_service(name="Anpassning av fakturamall", group=Service.Group.MICRO, module=None):
    return Service.objects.create(
        group=group,
        name=name,
        slug=slugify(name),
        description="Vi anpassar er fakturamall efter er grafiska profil.",
        price_model="Fast pris 4 500 kr",
        module=Module.objects.get(slug=module) if module else None,
    )


def make_product(name="Kassaklient", modules=("ekonomi",)):
    product = Product.objects.create(name=name, slug=name.lower())
    product.modules.set(Module.objects.filter(slug__in=modules))
    return product


def make_release(product, version="5.2.1", content=b"MZ binary installer"):
    upload = SimpleUploadedFile(f"setup-{version}.exe", content)
    return actions.add_release(product, version=version, uploaded=upload)
