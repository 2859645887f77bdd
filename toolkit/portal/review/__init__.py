"""Review in the portal: reviewers read a draft round's web edition and comment on it.

- :mod:`.models`       rounds, their pages' text, comments (W3C Web Annotations) and their anchors per round
- :mod:`.rounds`       rounds found under ``build/<year>/drafts/``; open comments carried over and re-anchored
- :mod:`.annotations`  a comment made, found in its page, and written as a W3C Web Annotation
- :mod:`.views`        the draft served behind the login with the review tools, the editors' list and exports
- :mod:`.api`          ``/api/annotations``: the interface tools and tests use
- :mod:`.commands`     ``compile comments YEAR --portal``: the web comments beside the Word ones

The re-anchoring itself is the toolkit's (:mod:`toolkit.review.anchoring`): a pure function of the
rounds' pages, which the portal keeps in its database.
"""
