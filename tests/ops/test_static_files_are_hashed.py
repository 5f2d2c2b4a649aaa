"""After collectstatic, static files have content-hashed names that may be cached for a
year; before it (the embedded run) pages still find them under their plain names."""

from django.core.management import call_command

from kundcenter.ops.storage import StaticFiles


def test_collected_files_get_hashed_names(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "kundcenter.ops.storage.StaticFiles"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    storage = StaticFiles(location=tmp_path)
    url = storage.url("css/kundcenter.css")
    assert url.startswith("/static/css/kundcenter.") and url.endswith(".css")
    assert url != "/static/css/kundcenter.css"
    hashed = url.removeprefix("/static/")
    assert (tmp_path / hashed).exists() and (tmp_path / f"{hashed}.gz").exists()


def test_before_collectstatic_the_plain_name_is_used(tmp_path):
    storage = StaticFiles(location=tmp_path)
    assert storage.url("css/kundcenter.css") == "/static/css/kundcenter.css"
