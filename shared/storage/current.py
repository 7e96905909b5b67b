"""The app's object store client, built once per app (building boto3 clients is slow)."""

from __future__ import annotations

from flask import current_app

from shared.storage.objects import ObjectStore


def current_store() -> ObjectStore:
    store = current_app.extensions.get("send_object_store")
    if store is None:
        store = ObjectStore.from_settings(current_app.config["SETTINGS"])
        current_app.extensions["send_object_store"] = store
    return store
