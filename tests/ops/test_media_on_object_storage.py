"""MEDIA_STORAGE=s3: attachments live in an S3-compatible bucket (here moto's S3 server
on loopback), so every web host shares them; they are still served only through the
access-checked view, to the people who may see the ticket."""

import contextlib
import socket

import boto3
import pytest
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer

from kundcenter.tickets.models import Attachment
from tests import factories

pytestmark = pytest.mark.django_db

BUCKET = "kundcenter-media"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-north-1",
    )
    # moto keeps its buckets per process, not per server: the production smoke test in
    # the same pytest worker may have made this bucket already.
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
    yield endpoint
    server.stop()


@pytest.fixture
def s3_media(settings, s3_endpoint, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-used"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "eu-north-1",
                "access_key": "test",
                "secret_key": "test",
                "location": "media",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-north-1",
    )


def test_attachments_live_in_the_bucket_and_are_served_after_the_access_check(
    s3_media, client, org_a, superuser_a, superuser_b, settings
):
    ticket = factories.make_ticket(org_a, superuser_a)
    attachment = Attachment(ticket=ticket, filename="lön.txt", content_type="text/plain", size=11)
    attachment.file.save("lön.txt", ContentFile(b"lonelista 1"), save=True)

    keys = [o["Key"] for o in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"media/{attachment.file.name}" in keys
    assert not settings.MEDIA_ROOT.exists()

    url = f"/arenden/{ticket.number}/filer/{attachment.pk}/"
    client.force_login(superuser_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"lonelista 1"

    client.force_login(superuser_b)
    assert client.get(url).status_code == 404


def test_the_health_check_writes_to_the_bucket(s3_media, client):
    response = client.get("/health/web/")
    assert response.json()["checks"]["storage"]["ok"] is True
