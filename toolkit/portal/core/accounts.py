"""Login and the invitation page (Django's own views, in Chinese, recorded in the audit log)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth
from django.http import HttpResponse

from toolkit.portal.core.audit import record


class LoginView(auth.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class InvitationView(auth.PasswordResetConfirmView):
    """Where an invited user sets a password: the link is valid 7 days and spent by using it."""

    template_name = "registration/invitation.html"
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record("password", request=self.request, user=form.user, target=form.user.username)
        return response
