"""The editors' less frequent tasks in Django's admin: organisations, memberships, the audit log."""

from __future__ import annotations

from django.contrib import admin

from toolkit.portal.core.models import AuditEvent, Edition, Membership, Organisation

admin.site.site_header = admin.site.site_title = "案例征集门户 · 管理"


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "created"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "email"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "edition", "role", "organisation"]
    list_filter = ["edition", "role"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "target", "address"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
