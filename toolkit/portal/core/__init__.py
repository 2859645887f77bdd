"""Editions, organisations, who belongs to which edition in which role, and the audit log.

Roles are per edition (:class:`~.models.Membership`): a submitter belongs to an organisation
and sees its submissions only; an editor sees the whole edition; a reviewer (issue 23: web
comments on drafts) sees no submission. A second edition is a row, not a new database.
"""
