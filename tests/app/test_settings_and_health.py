"""Settings never print secrets; /healthz tells whether the database answers."""

from fastapi.testclient import TestClient

from app.main import create_app
from core.settings import Settings


def test_secrets_never_print(monkeypatch):
    monkeypatch.setenv("VIGIE_META_APP_SECRET", "super-secret-value")
    monkeypatch.setenv("VIGIE_X_CONSUMER_SECRET", "another-secret")
    settings = Settings()
    assert settings.meta_app_secret.get_secret_value() == "super-secret-value"
    for text in (str(settings), repr(settings), settings.model_dump_json()):
        assert "super-secret-value" not in text and "another-secret" not in text


def test_defaults_are_the_embedded_shape(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.database_url.startswith("sqlite:///")
    assert settings.redis_url is None
    assert settings.timezone == "Europe/Paris"


def test_dotenv_is_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("VIGIE_TIMEZONE=Europe/Brussels\nVIGIE_NLU_BACKEND=rasa\n")
    settings = Settings()
    assert (settings.timezone, settings.nlu_backend) == ("Europe/Brussels", "rasa")


def test_bad_timezone_is_refused(monkeypatch):
    import pytest
    from pydantic import ValidationError

    monkeypatch.setenv("VIGIE_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ValidationError, match="unknown time zone"):
        Settings()


def test_healthz_ok_and_openapi(sqlite_url):
    client = TestClient(create_app(Settings(database_url=sqlite_url)))
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    assert "/healthz" in client.get("/openapi.json").json()["paths"]


def test_healthz_reports_an_unreachable_database(tmp_path):
    url = f"sqlite:///{tmp_path}/missing/dir/x.db"
    response = TestClient(create_app(Settings(database_url=url))).get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "erreur"
