"""Case submissions: the DOCX template that goes out, and the ingestion of what comes back.

- :mod:`.form`      the template's fields: one definition shared by writer and reader
- :mod:`.template`  writes the DOCX template (``compile case-template``)
- :mod:`.docx_form` reads the filled form: fields, photos, formatting, tracked changes, comments, stray text
- :mod:`.dates`     reads a typed date into one form, or says why it is not one day
- :mod:`.checks`    the edition's checks of the case a submission gives, before anything is written
- :mod:`.ingest`    turns submissions into ``cases/<id>/`` and the register (``compile ingest``;
  ``ingest_file`` for one upload, with its letter)
- :mod:`.register`  the submissions register ``submissions.toml``, one entry per submission with its
  earlier versions (``compile cases``)

A submitted file is opened safely by :mod:`toolkit.ooxml.package` (type sniffing, zip and
XML limits), which the review tools share.
"""
