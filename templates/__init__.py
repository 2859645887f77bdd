"""The toolkit's templates, installed as the data package ``toolkit.templates`` (see pyproject.toml).

``pdf/`` (Jinja templates and the stylesheet of the PDF and the redline), ``docx/reference.docx``
(the zh-CN Word style template) and ``feedback/`` (the letters to submitters). Found at run time
by :data:`toolkit.project.PACKAGE_TEMPLATES`; nothing here is Python but this file.
"""
