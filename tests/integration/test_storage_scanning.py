"""The evidence store and the virus scanner, against a real SeaweedFS and a real clamd."""

from __future__ import annotations

import hashlib
import io
import socket
import threading
import uuid
import zipfile
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
import urllib3
from _services_for_storage import (  # noqa: F401 - fixtures
    ACCESS_KEY,
    BUCKET,
    EICAR,
    SECRET_KEY,
    clamd_url,
    free_port,
    seaweedfs_endpoint,
)

from shared.config import Settings
from shared.storage.objects import ObjectStore, StoreUnavailable
from shared.storage.scanner import ClamdClient, ScannerError, ScannerUnavailable, parse_reply

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
REDIRECT = "http://127.0.0.1:8000/portal/uploads/abc123/done"
http = urllib3.PoolManager(retries=False)


@pytest.fixture
def settings(seaweedfs_endpoint, clamd_url) -> Settings:
    return Settings(
        s3_endpoint_url=seaweedfs_endpoint,
        s3_access_key_id=ACCESS_KEY,
        s3_secret_access_key=SECRET_KEY,
        s3_bucket=BUCKET,
        clamd_url=clamd_url,
        upload_max_bytes=1024,
    )


@pytest.fixture
def store(settings) -> ObjectStore:
    store = ObjectStore.from_settings(settings)
    store.ensure_bucket()
    return store


def new_key(name: str = "evidence.pdf") -> str:
    return f"uploads/{uuid.uuid4().hex}/{name}"


def browser_post(
    form: dict, content: bytes, *, filename="evidence.pdf", part_type="application/pdf", **extra
):
    """POST the form as a browser would: every hidden field, then the file input last."""
    fields = {**form["fields"], **extra, "file": (filename, content, part_type)}
    return http.request("POST", form["url"], fields=fields, redirect=False)


# --- Presigned POST ---------------------------------------------------------------------------


def test_presigned_post_stores_the_file_and_redirects_back_to_the_service(store, settings):
    key = new_key()
    form = store.presigned_upload(
        key,
        max_bytes=settings.upload_max_bytes,
        success_redirect=REDIRECT,
        expires=settings.upload_url_seconds,
    )

    response = browser_post(form, PDF)

    assert response.status == 303
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["bucket"] == [BUCKET]
    assert query["key"] == [key]
    assert query["etag"] == [f'"{hashlib.md5(PDF).hexdigest()}"']
    assert store.head(key) == len(PDF)


def test_the_stored_content_type_is_not_the_uploaders_choice(store):
    key = new_key("page.html")
    form = store.presigned_upload(key, max_bytes=1024, success_redirect=REDIRECT, expires=60)

    assert browser_post(form, b"<script>alert(1)</script>", part_type="text/html").status == 303
    # Not application/octet-stream, which SeaweedFS would replace with text/html from the key.
    assert store.client.head_object(Bucket=BUCKET, Key=key)["ContentType"] == "binary/octet-stream"
    # Overriding the pinned Content-Type field breaks the policy.
    forged = browser_post(form, b"<script>", **{"Content-Type": "text/html"})
    assert forged.status == 403


def test_an_oversize_file_is_refused_by_the_store(store):
    key = new_key()
    form = store.presigned_upload(key, max_bytes=100, success_redirect=REDIRECT, expires=60)

    response = browser_post(form, PDF + b"x" * 100)

    assert response.status == 400
    assert b"EntityTooLarge" in response.data
    assert store.head(key) is None


def test_an_empty_file_is_refused_by_the_store(store):
    key = new_key()
    form = store.presigned_upload(key, max_bytes=100, success_redirect=REDIRECT, expires=60)

    response = browser_post(form, b"")

    assert response.status == 400
    assert b"EntityTooSmall" in response.data
    assert store.head(key) is None


@pytest.mark.parametrize(
    "tampered", [{"key": "uploads/someone-else.pdf"}, {"success_action_redirect": "https://evil.example/"}]
)
def test_changing_a_signed_field_is_refused(store, tampered):
    key = new_key()
    form = store.presigned_upload(key, max_bytes=1024, success_redirect=REDIRECT, expires=60)

    response = browser_post(form, PDF, **tampered)

    assert response.status == 403
    assert store.head(key) is None


def test_an_expired_form_is_refused(store):
    key = new_key()
    form = store.presigned_upload(key, max_bytes=1024, success_redirect=REDIRECT, expires=-5)

    response = browser_post(form, PDF)

    assert response.status == 403
    assert b"expired" in response.data


def test_the_form_posts_to_the_public_endpoint_when_one_is_set(settings):
    public = ObjectStore.from_settings(
        replace(settings, s3_public_endpoint_url="https://files.council.example")
    )
    form = public.presigned_upload(new_key(), max_bytes=10, success_redirect=REDIRECT, expires=60)
    assert form["url"] == f"https://files.council.example/{BUCKET}"

    internal = ObjectStore.from_settings(settings)
    form = internal.presigned_upload(new_key(), max_bytes=10, success_redirect=REDIRECT, expires=60)
    assert form["url"] == f"{settings.s3_endpoint_url}/{BUCKET}"


def test_a_form_signed_for_the_public_address_is_accepted_there(settings, store):
    # The policy signature does not cover the host, so the browser-facing name works.
    browser_facing = settings.s3_endpoint_url.replace("127.0.0.1", "localhost")
    public = ObjectStore.from_settings(replace(settings, s3_public_endpoint_url=browser_facing))
    key = new_key()
    form = public.presigned_upload(key, max_bytes=1024, success_redirect=REDIRECT, expires=60)

    assert form["url"].startswith("http://localhost:")
    assert browser_post(form, PDF).status == 303
    assert store.head(key) == len(PDF)


def test_a_redirect_with_a_query_string_is_refused_because_seaweedfs_drops_it(store):
    with pytest.raises(ValueError, match="query string"):
        store.presigned_upload(new_key(), max_bytes=10, success_redirect=REDIRECT + "?case=1", expires=60)


# --- Object operations ------------------------------------------------------------------------


def test_head_read_prefix_stream_tag_and_delete(store):
    key = new_key("statement.txt")
    data = bytes(range(256)) * 1000
    store.put(key, data, "text/plain")

    assert store.head(key) == len(data)
    assert store.head(new_key()) is None
    assert store.read_prefix(key, 8) == data[:8]
    assert store.read_prefix(key, 10**7) == data
    assert b"".join(store.stream(key, chunk_size=4096)) == data
    assert store.read(key) == data

    store.tag(key, {"scan": "clean"})
    assert store.tags(key) == {"scan": "clean"}

    store.delete(key)
    assert store.head(key) is None


def test_read_prefix_of_an_empty_object(store):
    key = new_key("empty.txt")
    store.put(key, b"")
    assert store.head(key) == 0
    assert store.read_prefix(key, 10) == b""


def test_move_to_quarantine(store):
    key = new_key()
    store.put(key, PDF, "application/pdf")
    store.tag(key, {"scan": "infected"})

    new = store.move_to_quarantine(key)

    assert new == f"quarantine/{key}"
    assert store.head(key) is None
    assert store.read(new) == PDF
    assert store.tags(new) == {"scan": "infected"}


def test_ping_and_an_unreachable_store(store):
    store.ping()
    down = ObjectStore(
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        bucket=BUCKET,
        access_key_id="k",
        secret_access_key="s",
    )
    with pytest.raises(StoreUnavailable):
        down.ping()
    with pytest.raises(StoreUnavailable):
        down.head("anything")


# --- Virus scanning ---------------------------------------------------------------------------


def zipped(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_clamd_finds_eicar(clamd_url):
    result = ClamdClient(clamd_url).scan_bytes(EICAR)
    assert not result.clean
    assert result.status == "infected"
    assert result.signature.startswith("Eicar-Test-Signature")


def test_clamd_finds_eicar_inside_a_zip_sent_in_small_chunks(clamd_url):
    data = zipped("letters/invoice.com", EICAR)
    result = ClamdClient(clamd_url).scan_stream(data[i : i + 7] for i in range(0, len(data), 7))
    assert result.status == "infected"


def test_a_clean_pdf_is_clean(clamd_url):
    result = ClamdClient(clamd_url).scan_bytes(PDF)
    assert result.clean
    assert result.signature is None


def test_scanning_an_object_streamed_from_the_store(store, clamd_url):
    clean_key, bad_key = new_key(), new_key("report.zip")
    store.put(clean_key, PDF)
    store.put(bad_key, zipped("eicar.txt", EICAR))
    client = ClamdClient(clamd_url)

    assert client.scan_stream(store.stream(clean_key)).clean
    assert client.scan_stream(store.stream(bad_key)).status == "infected"


def test_a_stream_over_clamds_limit_is_too_large_not_clean(clamd_url):
    # Offer 101 MiB, lazily: past StreamMaxLength whether that is this fixture's 2M or a
    # development stack's 100M. clamd answers as soon as the limit passes, so little is sent.
    result = ClamdClient(clamd_url).scan_stream(b"a" * 65536 for _ in range(101 * 16))
    assert result.too_large
    assert not result.clean


def test_ping(clamd_url):
    ClamdClient(clamd_url).ping()


def test_scanner_down_raises_scanner_unavailable():
    client = ClamdClient(f"tcp://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(ScannerUnavailable):
        client.scan_bytes(PDF)
    with pytest.raises(ScannerUnavailable):
        client.ping()


def test_a_scanner_that_hangs_up_without_answering_is_unavailable():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def hang_up():
        connection, _ = server.accept()
        connection.recv(16)
        connection.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        with pytest.raises(ScannerUnavailable):
            ClamdClient(f"tcp://127.0.0.1:{server.getsockname()[1]}", timeout=5).scan_bytes(b"x" * 10)
    finally:
        thread.join(timeout=5)
        server.close()


def test_reply_parsing():
    assert parse_reply("stream: OK\0").clean
    assert parse_reply("stream: Win.Test.EICAR_HDB-1 FOUND\0").signature == "Win.Test.EICAR_HDB-1"
    assert parse_reply("INSTREAM size limit exceeded. ERROR\0").too_large
    limits = parse_reply("stream: Heuristics.Limits.Exceeded.MaxScanSize FOUND\0")
    assert limits.limits_exceeded and not limits.clean and limits.status != "infected"
    with pytest.raises(ScannerError):
        parse_reply("stream: Can't allocate memory ERROR\0")
    with pytest.raises(ValueError):
        ClamdClient("http://127.0.0.1:3310")
