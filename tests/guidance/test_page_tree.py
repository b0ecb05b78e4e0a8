"""Where guidance pages may be created: one section under the home page, guidance pages only inside it."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StaffHomePage, StandardPage
from policy.models import ParentGuidanceIndexPage, ParentGuidancePage


class TestGuidancePageTree(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Page.get_first_root_node().add_child(instance=HomePage(title="Welcome", slug="welcome"))
        cls.staff_home = cls.home.add_child(instance=StaffHomePage(title="Staff area", slug="staff"))
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)

    def test_section_sits_below_the_home_page_only(self):
        self.assertAllowedParentPageTypes(ParentGuidanceIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, ParentGuidanceIndexPage)
        self.assertCanNotCreateAt(StaffHomePage, ParentGuidanceIndexPage)
        self.assertCanNotCreateAt(StandardPage, ParentGuidanceIndexPage)

    def test_section_holds_guidance_pages_only(self):
        self.assertAllowedSubpageTypes(ParentGuidanceIndexPage, {ParentGuidancePage})
        self.assertCanNotCreateAt(ParentGuidanceIndexPage, StandardPage)

    def test_guidance_pages_live_only_in_the_section_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ParentGuidancePage, {ParentGuidanceIndexPage})
        self.assertAllowedSubpageTypes(ParentGuidancePage, set())
        self.assertCanNotCreateAt(HomePage, ParentGuidancePage)
        self.assertCanNotCreateAt(StaffHomePage, ParentGuidancePage)

    def test_there_is_only_one_guidance_section(self):
        self.home.add_child(instance=ParentGuidanceIndexPage(title="Parent e-safety guidance", slug="guidance"))
        self.assertFalse(ParentGuidanceIndexPage.can_create_at(self.home))

    def test_both_page_types_render(self):
        index = self.home.add_child(instance=ParentGuidanceIndexPage(title="Parent e-safety guidance", slug="g"))
        guidance = index.add_child(
            instance=ParentGuidancePage(title="Age limits", slug="age-limits", summary="Apps have minimum ages.")
        )
        self.assertPageIsRenderable(index)
        self.assertPageIsRenderable(guidance)
