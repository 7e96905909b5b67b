"""Decision notices: what each kind of decision letter must say, and how it is rendered.

- `decision_types`: the registry of decisions that get a notice, with their legal basis and
  whether (and to whom) they can be challenged.
- `appeal_rights`: the statutory appeal-rights content (statutory-rules.md section 4) filled
  from the council's configured contacts, refusing to build when a slot is empty.
- `content`: freezes everything a letter needs into a JSON-serialisable dict (stored on
  `Notice.content`), so a later change of contacts never rewrites an issued letter.
- `render`: turns frozen content into HTML, a tagged PDF (PDF/UA-1) and a plain-text email.
"""
