"""No one where they don't belong: every URL pattern, two organisations, a reviewer."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.portal.conftest import FILLED, ORG_A, client_of, filled_docx, run_checks, upload

pytestmark = pytest.mark.database
NAMING = {"pk", "name", "uidb64", "token"}


def patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """Every URL pattern of the portal, with its full route."""
    found: list[tuple[str, URLPattern]] = []
    for item in (resolver or get_resolver()).url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            found += patterns(item, route)
        else:
            found.append((route, item))
    return found


@pytest.fixture
def alpha_case(people, template_of, tmp_path: Path):
    """Organisation A's checked submission with a case, a photo and a letter (an SDG it cannot read: a warning)."""
    alpha = client_of(people["alpha"])
    upload(alpha, filled_docx(template_of(people["alpha"]), tmp_path, "甲.docx", dict(FILLED, 可持续发展目标="9、19")))
    run_checks()
    [item] = alpha.get("/api/submissions").json()
    assert item["case"] and item["letter_url"], item
    return item


def _url(route: str, item: dict, organisation: str) -> str:
    values = {
        "pk": item["id"],
        "name": "photo-1.jpg",
        "round_id": uuid.uuid4(),
        "annotation_id": uuid.uuid4(),
        "path": "index.html",
    }
    url = route
    for key, value in values.items():
        for kind in ("uuid", "str", "draftpath"):
            url = url.replace(f"<{kind}:{key}>", str(value))
    if "organisations/" in url:
        url = url.replace(str(item["id"]), organisation)
    return "/" + url


def test_identifiers_in_urls_are_random_uuids_not_counters() -> None:
    routes = [route for route, _ in patterns() if not route.startswith("admin/")]
    assert routes and not [r for r in routes if "<int:" in r or "<path:" in r]
    assert [r for r in routes if "<uuid:pk>" in r]


def test_every_url_naming_an_object_is_404_to_another_organisation_and_to_reviewers(people, alpha_case) -> None:
    from toolkit.portal.core.models import Organisation

    organisation = str(Organisation.objects.get(name=ORG_A).pk)
    naming = [(route, p) for route, p in patterns() if "<uuid:pk>" in route and not route.startswith("admin/")]
    assert len(naming) >= 7
    owners = {"alpha": client_of(people["alpha"]), "editor": client_of(people["editor"])}
    strangers = {"beta": client_of(people["beta"]), "reader": client_of(people["reader"])}
    for route, _ in naming:
        url = _url(route, alpha_case, organisation)
        for name, client in strangers.items():
            assert client.get(url).status_code == 404, (name, url)
            assert client.post(url).status_code in (404, 405), (name, url)
        allowed = [name for name, client in owners.items() if client.get(url).status_code in (200, 302, 405)]
        assert allowed, url  # someone may open it: the 404 above is isolation, not a broken URL
    # an unknown id is the same 404
    assert owners["alpha"].get(f"/submissions/{uuid.uuid4()}/").status_code == 404


def test_lists_show_only_what_the_user_may_see(people, alpha_case) -> None:
    beta, reader, alpha = client_of(people["beta"]), client_of(people["reader"]), client_of(people["alpha"])
    assert beta.get("/api/submissions").json() == [] and reader.get("/api/submissions").json() == []
    assert "甲.docx" not in beta.get("/submissions/").content.decode()
    for client in (alpha, beta, reader):
        assert client.get("/editor/").status_code == 404
        assert client.get("/editor/export.csv").status_code == 404
        assert client.get("/editor/audit/").status_code == 404
    assert reader.get("/submissions/").status_code == 404
    assert reader.get("/template.docx").status_code == 404
    # the admin is the editors' alone: anyone else is sent to its login, nothing shown
    for client in (alpha, beta, reader):
        response = client.get("/admin/portal_submissions/submission/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_logged_out_every_page_asks_for_a_login(alpha_case) -> None:
    from django.test import Client

    anonymous = Client()
    for route, _ in patterns():
        if route.startswith(("admin/", "accounts/")) or route == "":
            continue
        url = _url(route, alpha_case, str(uuid.uuid4()))
        response = anonymous.get(url)
        assert response.status_code in (302, 401), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url
