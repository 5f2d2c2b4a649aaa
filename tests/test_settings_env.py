"""The settings module's environment helpers and the database URL it builds."""

import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kundcenter import settings as kc_settings

SETTINGS_FILE = Path(kc_settings.__file__)


def fresh_settings(monkeypatch, tmp_path, **env):
    """Execute settings.py anew with `env`, without touching the running settings."""
    monkeypatch.setenv("KUNDCENTER_VAR_DIR", str(tmp_path))
    for name in (
        "DATABASE_URL",
        "DATABASE_CONN_MAX_AGE",
        "DATABASE_PREPARE_THRESHOLD",
        "SECRET_KEY",
        "SECRET_KEY_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("kundcenter_settings_probe", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " on "])
def test_env_bool_reads_true(monkeypatch, value):
    monkeypatch.setenv("KC_FLAG", value)
    assert kc_settings.env_bool("KC_FLAG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "no", "off", "nonsense"])
def test_env_bool_reads_false(monkeypatch, value):
    monkeypatch.setenv("KC_FLAG", value)
    assert kc_settings.env_bool("KC_FLAG", True) is False


def test_env_bool_unset_or_empty_gives_the_default(monkeypatch):
    monkeypatch.delenv("KC_FLAG", raising=False)
    assert kc_settings.env_bool("KC_FLAG", True) is True
    monkeypatch.setenv("KC_FLAG", "")
    assert kc_settings.env_bool("KC_FLAG", True) is True


def test_env_int(monkeypatch):
    monkeypatch.delenv("KC_NUMBER", raising=False)
    assert kc_settings.env_int("KC_NUMBER", 25) == 25
    monkeypatch.setenv("KC_NUMBER", "")
    assert kc_settings.env_int("KC_NUMBER", 25) == 25
    monkeypatch.setenv("KC_NUMBER", "40")
    assert kc_settings.env_int("KC_NUMBER", 25) == 40


def test_env_int_refuses_a_non_number_with_its_name(monkeypatch):
    monkeypatch.setenv("KC_NUMBER", "tio")
    with pytest.raises(ImproperlyConfigured, match="KC_NUMBER"):
        kc_settings.env_int("KC_NUMBER", 25)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("KC_HOSTS", " kund.example.se, ,127.0.0.1 ,")
    assert kc_settings.env_list("KC_HOSTS") == ["kund.example.se", "127.0.0.1"]
    monkeypatch.delenv("KC_HOSTS")
    assert kc_settings.env_list("KC_HOSTS", "a,b") == ["a", "b"]


def test_env_secret_prefers_the_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "smtp_password"
    secret_file.write_text("från-filen\n")
    monkeypatch.setenv("KC_SECRET", "från-miljön")
    assert kc_settings.env_secret("KC_SECRET") == "från-miljön"
    monkeypatch.setenv("KC_SECRET_FILE", str(secret_file))
    assert kc_settings.env_secret("KC_SECRET") == "från-filen"


def test_env_secret_default(monkeypatch):
    monkeypatch.delenv("KC_SECRET", raising=False)
    monkeypatch.delenv("KC_SECRET_FILE", raising=False)
    assert kc_settings.env_secret("KC_SECRET", "standard") == "standard"


def test_database_url_picks_postgresql(monkeypatch, tmp_path):
    module = fresh_settings(
        monkeypatch,
        tmp_path,
        DATABASE_URL="postgres://kund:hemligt@db.internal:5433/kundcenter",
        DATABASE_CONN_MAX_AGE="60",
    )
    db = module.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("kundcenter", "kund", "hemligt")
    assert (db["HOST"], db["PORT"]) == ("db.internal", 5433)
    assert db["CONN_MAX_AGE"] == 60
    assert "init_command" not in db.get("OPTIONS", {})


def test_postgresql_prepares_repeated_statements_unless_switched_off(monkeypatch, tmp_path):
    url = "postgres://kund@db.internal:5432/kundcenter"
    options = fresh_settings(monkeypatch, tmp_path, DATABASE_URL=url).DATABASES["default"][
        "OPTIONS"
    ]
    assert options["server_side_binding"] is True  # psycopg prepares only server-bound ones
    assert options["prepare_threshold"] == 2
    options = fresh_settings(
        monkeypatch, tmp_path, DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="0"
    ).DATABASES["default"]["OPTIONS"]
    assert options["prepare_threshold"] == 0
    # Off (a transaction-pooling PgBouncer): client-side binding, nothing prepared.
    options = (
        fresh_settings(monkeypatch, tmp_path, DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="off")
        .DATABASES["default"]
        .get("OPTIONS", {})
    )
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options
    with pytest.raises(ImproperlyConfigured, match="DATABASE_PREPARE_THRESHOLD"):
        fresh_settings(monkeypatch, tmp_path, DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="två")


def test_default_database_is_sqlite_under_the_var_folder(monkeypatch, tmp_path):
    module = fresh_settings(monkeypatch, tmp_path)
    db = module.DATABASES["default"]
    assert db["ENGINE"] == "kundcenter.lib.sqlite3"  # Django's, plus PRAGMA optimize
    assert Path(db["NAME"]) == tmp_path / "kundcenter.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert "prepare_threshold" not in db["OPTIONS"]


def test_secret_key_from_file_or_made_once(monkeypatch, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("nyckel-från-fil\n")
    assert fresh_settings(monkeypatch, tmp_path, SECRET_KEY_FILE=str(key_file)).SECRET_KEY == (
        "nyckel-från-fil"
    )
    made = fresh_settings(monkeypatch, tmp_path).SECRET_KEY
    assert len(made) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    made_again = fresh_settings(monkeypatch, tmp_path).SECRET_KEY
    assert made_again == made
