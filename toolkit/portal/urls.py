"""The portal's addresses. Identifiers in them are random UUIDs, never counters."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth
from django.urls import path, register_converter, reverse_lazy

from toolkit.portal.core import accounts
from toolkit.portal.review import api as review_api
from toolkit.portal.review import views as review
from toolkit.portal.review.converters import DraftPath
from toolkit.portal.submissions import editor, views

register_converter(DraftPath, "draftpath")

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        accounts.InvitationView.as_view(success_url=reverse_lazy("invitation-done")),
        name="invitation",
    ),
    path(
        "accounts/invitation/done/",
        auth.PasswordResetCompleteView.as_view(template_name="registration/invitation_done.html"),
        name="invitation-done",
    ),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<uuid:pk>/", views.submission, name="submission"),
    path("submissions/<uuid:pk>/letter/", views.letter, name="letter"),
    path("submissions/<uuid:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("submissions/<uuid:pk>/original", views.original, name="original"),
    path("submissions/<uuid:pk>/case.md", views.case_markdown, name="case-markdown"),
    path("submissions/<uuid:pk>/photos/<str:name>", views.photo, name="photo"),
    path("template.docx", views.template_docx, name="template"),
    path("editor/", editor.editor, name="editor"),
    path("editor/submissions/<uuid:pk>/status/", editor.set_status, name="set-status"),
    path("editor/organisations/<uuid:pk>/", editor.organisation, name="organisation"),
    path("editor/export.csv", editor.export, name="export"),
    path("editor/invite/", editor.invite, name="invite"),
    path("editor/remind/", editor.remind, name="remind"),
    path("editor/audit/", editor.audit, name="audit"),
    path("api/submissions", views.api_submissions, name="api-submissions"),
    path("review/", review.home, name="review"),
    path("review/rounds/<uuid:round_id>/", review.round_start, name="review-round"),
    path("review/rounds/<uuid:round_id>/<draftpath:path>", review.draft, name="review-draft"),
    path("review/comments/", review.comments, name="review-comments"),
    path("review/comments/export.csv", review.export_csv, name="review-export"),
    path("review/comments/remarks.csv", review.export_remarks, name="review-remarks"),
    path("review/comments/annotations.jsonld", review.export_jsonld, name="review-jsonld"),
    path("review/comments/<uuid:annotation_id>/resolve/", review.resolve_view, name="review-resolve"),
    path("review/comments/<uuid:annotation_id>/reply/", review.reply_view, name="review-reply"),
    path("api/annotations", review_api.annotations, name="api-annotations"),
    path("api/annotations/<uuid:annotation_id>", review_api.annotation, name="api-annotation"),
    path("admin/", admin.site.urls),
]
