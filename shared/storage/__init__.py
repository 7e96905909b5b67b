"""Evidence storage: the object store, file-type checks and the virus scanner.

The modules are imported on their own (`shared.storage.objects`, `.filetypes`, `.scanner`) so
that a caller needing only file-type rules does not load boto3.
"""
