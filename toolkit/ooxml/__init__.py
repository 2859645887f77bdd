"""Office Open XML helpers shared by everything that writes or reads a DOCX.

The report's DOCX writer (:mod:`toolkit.render.docx`), the case template
(:mod:`toolkit.submissions.template`), ingestion of filled templates and the review
tools (:mod:`toolkit.review`) all use them, so they depend on no stage of the pipeline:
only on python-docx, lxml and the toolkit's foundation (messages, config).

- :mod:`.wml`      raw WordprocessingML python-docx has no API for: fields, bookmarks,
                   settings, shading and borders, put in the schema's order
- :mod:`.styles`   the style template (``templates/docx/reference.docx``) and the East Asian
                   fonts and language every style gets
- :mod:`.accessible` what a screen reader needs: pictures' alternative texts, tables'
                   descriptions, the organisation in the document's properties
- :mod:`.package`  opening a file someone sent without trusting it (type sniffing, zip and
                   XML limits, Strict OOXML read as transitional)
"""
