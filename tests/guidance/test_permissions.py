"""The Communications group writes and publishes parent guidance, and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home import roles
from home.models import StandardPage
from policy.models import ParentGuidancePage

from .factories import make_guidance

pytestmark = pytest.mark.django_db


def edit_form(page, **changes) -> dict:
    """The Wagtail admin edit form for a guidance page, as a browser would post it."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "topic": page.topic,
        "summary": page.summary,
        "image": "",
        "image_alt": "",
        "body": streamfield([]),
        "resources": streamfield([]),
        "related_pages": inline_formset([]),
        "comments": inline_formset([]),
        "last_checked": page.last_checked.isoformat(),
        "review_interval_months": page.review_interval_months,
    } | changes
    return nested_form_data(data)


def test_comms_can_publish_guidance_through_the_admin(client, guidance_index, comms_user):
    page = make_guidance(guidance_index, title="Age limits", summary="Apps set ages.")
    client.force_login(comms_user)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert editor.status_code == 200
    assert "Next check due" in editor.content.decode() and "15 Jul 2026" in editor.content.decode()

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form(page, title="Age limits for apps", summary="Most apps are for 13 and over.")
        | {"action-publish": "action-publish"},
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Age limits for apps"
    assert page.live and not page.has_unpublished_changes
    assert page.latest_revision.user == comms_user
    assert "Most apps are for 13 and over." in client.get(page.url).content.decode()


def test_comms_can_add_guidance_to_the_section(client, guidance_index, comms_user):
    client.force_login(comms_user)
    url = reverse("wagtailadmin_pages:add", args=["policy", "parentguidancepage", guidance_index.pk])
    assert client.get(url).status_code == 200
    blank = ParentGuidancePage(title="Screen time and sleep", slug="screen-time", summary="Devices out at night.")
    blank.last_checked = blank._meta.get_field("last_checked").default()

    response = client.post(url, edit_form(blank) | {"action-publish": "action-publish"})

    assert response.status_code == 302
    created = ParentGuidancePage.objects.get(slug="screen-time")
    assert created.live and created.get_parent().pk == guidance_index.pk


def test_admin_keeps_what_was_typed_and_asks_for_alt_text_beside_the_field(client, guidance_index, comms_user):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Laptop", file=get_test_image_file())
    page = make_guidance(guidance_index, title="Age limits")
    client.force_login(comms_user)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form(page, image=image.pk, summary="A summary I typed.") | {"action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert "image_alt" in response.context["form"].errors
    assert "A summary I typed." in response.content.decode()
    page.refresh_from_db()
    assert page.image is None


def test_comms_cannot_edit_pages_outside_the_guidance_section(client, guidance_index, comms_user):
    home = guidance_index.get_parent()
    policy_like = StandardPage(title="Social media policy", slug="social-media-policy")
    home.add_child(instance=policy_like)
    client.force_login(comms_user)
    edit_url = reverse("wagtailadmin_pages:edit", args=[policy_like.pk])

    assert client.get(edit_url).status_code in (302, 403)
    client.post(edit_url, {"title": "Changed by comms", "slug": "social-media-policy", "action-publish": "1"})

    policy_like.refresh_from_db()
    assert policy_like.title == "Social media policy"
    assert not policy_like.permissions_for_user(comms_user).can_edit()
    assert not home.permissions_for_user(comms_user).can_add_subpage()
    assert guidance_index.permissions_for_user(comms_user).can_publish_subpage()


def test_comms_page_permissions_cover_the_guidance_section_only(guidance_index, comms_user):
    make_guidance(guidance_index)
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        comms_user, {"add", "change", "publish", "lock", "unlock", "delete"}
    )
    assert set(editable.values_list("pk", flat=True)) == set(
        Page.objects.descendant_of(guidance_index, inclusive=True).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("view", ["list", "add"])
def test_comms_cannot_see_social_media_requests(client, comms_user, view):
    client.force_login(comms_user)
    response = client.get(reverse(f"wagtailsnippets_forms_app_socialmediasiterequest:{view}"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


def test_comms_holds_no_permission_on_requests_or_the_register(comms_user):
    assert not [perm for perm in comms_user.get_all_permissions() if perm.startswith("forms_app.")]
    assert comms_user.has_perm("wagtailadmin.access_admin")


def test_comms_uploads_images_and_documents_to_the_guidance_collection_only():
    group = Group.objects.get(name=roles.COMMUNICATIONS)
    granted = set(group.collection_permissions.values_list("collection__name", "permission__codename"))
    assert granted == {
        ("Parent guidance", codename)
        for codename in (
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        )
    }
    assert Collection.objects.get(name="Parent guidance").get_parent() == Collection.get_first_root_node()
