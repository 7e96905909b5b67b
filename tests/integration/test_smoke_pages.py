"""Public pages render and pass the page checks; security headers are on every response."""

from tests.jobs_helpers import worker_process


def test_start_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Create an account" in response.text
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_security_headers(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_healthz_all_ok(client, settings):
    with worker_process(settings):
        response = client.get("/healthz")
    assert response.status_code == 200, response.json
    assert response.json["dependencies"] == {
        "database": "ok", "queue": "ok", "storage": "ok", "scanner": "ok", "mail": "ok"}
    assert response.json["workers"] == 1 and response.json["outbox_oldest_seconds"] is None
