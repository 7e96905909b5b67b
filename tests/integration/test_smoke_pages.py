"""Public pages render and pass the page checks; security headers are on every response."""


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


def test_healthz_all_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json
    assert response.json["dependencies"] == {
        "database": "ok", "queue": "ok", "storage": "ok", "scanner": "ok", "mail": "ok"}
