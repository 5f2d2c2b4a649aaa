"""Version files: licensed customers and staff download, others get 404; all logged."""

import hashlib

from django.urls import reverse

from kundcenter.catalog.models import DownloadLog
from tests.catalog.helpers import make_product, make_release


def test_release_gets_size_and_sha256_on_upload(db):
    release = make_release(make_product(), content=b"x" * 1000)

    assert release.size == 1000
    assert release.sha256 == hashlib.sha256(b"x" * 1000).hexdigest()
    assert release.filename == "setup-5.2.1.exe"


def test_licensed_customer_downloads_and_it_is_logged(client, org_a, customer_user_a):
    release = make_release(make_product(modules=("ekonomi",)))
    client.force_login(customer_user_a)

    page = client.get(reverse("catalog:downloads")).content.decode()
    assert "Kassaklient" in page and release.sha256 in page

    url = reverse("catalog:download", args=["kassaklient", release.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"MZ binary installer"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    client.get(url)

    assert DownloadLog.objects.filter(release=release, user=customer_user_a).count() == 2


def test_unlicensed_customer_gets_404_and_nothing_is_logged(client, org_b, superuser_b):
    # org_b licenses ekonomi and lön, not projekt.
    release = make_release(make_product("Projektklient", modules=("projekt",)))
    client.force_login(superuser_b)

    assert "Projektklient" not in client.get(reverse("catalog:downloads")).content.decode()
    response = client.get(reverse("catalog:download", args=["projektklient", release.pk]))

    assert response.status_code == 404
    assert not DownloadLog.objects.exists()


def test_staff_may_always_download(client, specialist_hantverk):
    release = make_release(make_product("Projektklient", modules=("projekt",)))
    client.force_login(specialist_hantverk)

    response = client.get(reverse("catalog:download", args=["projektklient", release.pk]))

    assert response.status_code == 200
    assert DownloadLog.objects.get().user == specialist_hantverk


def test_downloads_page_queries_do_not_grow(client, customer_user_a, django_assert_max_num_queries):
    client.force_login(customer_user_a)
    for i in range(3):
        make_release(make_product(f"Klient{i}"), version="1.0")
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("catalog:downloads"))
    for i in range(3, 15):
        product = make_product(f"Klient{i}")
        make_release(product, version="1.0")
        make_release(product, version="1.1")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("catalog:downloads"))
