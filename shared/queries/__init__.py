"""Data access: every query lives here, with a deterministic order, and every object a person
asks for by id is loaded through a permission check."""
