"""Case submissions: the DOCX template that goes out, and the ingestion of what comes back.

- :mod:`.form`      the template's fields: one definition shared by writer and reader
- :mod:`.template`  writes the DOCX template (``compile case-template``)
- :mod:`.docx_form` reads the filled form: fields, photos, tracked changes, comments, stray text
- :mod:`.ingest`    turns submissions into ``cases/<id>/`` and the register (``compile ingest``)
- :mod:`.register`  the submissions register ``submissions.toml`` (``compile cases``)

A submitted file is opened safely by :mod:`toolkit.ooxml.package` (type sniffing, zip and
XML limits), which the review tools share.
"""
