"""Review rounds: what reviewers send back, and what changed between rounds.

- :mod:`.comments`  a reviewed DOCX's comments and tracked changes (python-docx, lxml)
- :mod:`.trace`     each of them traced to its source file:line (``compile comments``)
- :mod:`.diff`      what changed between two versions of an edition, on the document model
- :mod:`.redline`   that diff printed as HTML and PDF (through the PDF renderer)
- :mod:`.compare`   ``compile diff``: against a draft round or another year's edition
"""
