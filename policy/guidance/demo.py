"""Demo content for parent e-safety guidance, and the Communications group's page permissions.

``load(context)`` adds, where missing: a public "Parent e-safety guidance" section under the
home page, four guidance pages, a printable document in the "Parent guidance" collection,
and the Communications group's permissions on the section. It is idempotent: pages that
exist (found by slug) are left exactly as people edited them.
"""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupPagePermission, Page

from home import roles
from home.models import User
from policy.models import GuidanceTopic, ParentGuidanceIndexPage, ParentGuidancePage, ParentGuidanceRelatedPage

__all__ = ["COMMUNICATIONS_PAGE_PERMISSIONS", "grant_communications_permissions", "load"]

# Add, edit and publish in the guidance section, and lock/unlock pages while working on them.
COMMUNICATIONS_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
GUIDANCE_COLLECTION = "Parent guidance"
SECTION_SLUG = "parent-guidance"
POSTER_TITLE = "Be SMART online: printable reminder"


@transaction.atomic
def grant_communications_permissions(*, section: Page) -> None:
    """Let the Communications group add, edit, publish, lock and unlock pages in ``section`` only.

    Rule (issue: parent guidance): Communications writes and publishes parent guidance and
    has no access to policies, requests or the register, so its page permissions are
    granted on the guidance section and nowhere else. Adds missing permissions; never
    removes any. Image and document permissions come from migration
    ``policy.0004_parent_guidance_collection_and_workflow``.
    """
    group = Group.objects.get(name=roles.COMMUNICATIONS)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=COMMUNICATIONS_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)


def _paragraph(*sentences: str) -> tuple[str, str]:
    return ("paragraph", "".join(f"<p>{sentence}</p>" for sentence in sentences))


def _heading(text: str) -> tuple[str, dict]:
    return ("heading", {"text": text, "level": "h2"})


def _callout(style: str, title: str, text: str) -> tuple[str, dict]:
    return ("callout", {"style": style, "title": title, "text": f"<p>{text}</p>"})


def _faq(*items: tuple[str, str]) -> tuple[str, dict]:
    return (
        "faq",
        {
            "heading": "Questions parents often ask",
            "items": [{"question": question, "answer": f"<p>{answer}</p>"} for question, answer in items],
        },
    )


def _pages(poster) -> list[dict]:
    """The demo guidance pages, written for this trust's families."""
    today = timezone.localdate()
    return [
        {
            "slug": "age-limits",
            "title": "Age limits for apps, games and social media",
            "topic": GuidanceTopic.AGE_LIMITS,
            "summary": "Most social media apps are for people aged 13 and over. Here is what the limits mean "
            "and how to talk about them at home.",
            # Checked seven months ago, so the demo dashboard shows a page due a check.
            "last_checked": today - timedelta(days=214),
            "body": [
                _paragraph(
                    "Every app sets its own minimum age in its terms. The limits exist mainly because of data "
                    "protection law, but they are also a useful guide to whether an app was designed with "
                    "younger children in mind.",
                    "If your child is under the minimum age, the app's safety settings and reporting tools may "
                    "not have been built for them.",
                ),
                (
                    "age_limits",
                    {
                        "caption": "Minimum ages set by popular platforms",
                        "rows": [
                            {
                                "platform": "TikTok",
                                "minimum_age": 13,
                                "notes": "Accounts for 13 to 15 year olds start as private.",
                            },
                            {
                                "platform": "Instagram",
                                "minimum_age": 13,
                                "notes": "Teen accounts have extra limits on who can message them.",
                            },
                            {
                                "platform": "Snapchat",
                                "minimum_age": 13,
                                "notes": "Check who can see your child's location on the map.",
                            },
                            {
                                "platform": "WhatsApp",
                                "minimum_age": 13,
                                "notes": "Anyone with your child's number "
                                "can add them to a group unless settings are changed.",
                            },
                            {
                                "platform": "YouTube",
                                "minimum_age": 13,
                                "notes": "YouTube Kids is made for younger children.",
                            },
                        ],
                        "source_note": "Taken from each platform's own terms. Platforms change their rules, so "
                        "check the app's help pages too.",
                    },
                ),
                _callout(
                    "info",
                    "Games have age ratings too",
                    "PEGI ratings on games tell you the content is suitable for that age. They do not cover "
                    "chatting with other players, so check the game's chat settings as well.",
                ),
                _faq(
                    (
                        "All my child's friends are on an app they are too young for. What should I do?",
                        "Talk together about why the limit is there. If you decide to allow it, set the account "
                        "up with your child, make it private and agree rules about who they add.",
                    ),
                    (
                        "Does the school check which apps children use?",
                        "No. We teach children how to stay safe online, but what they use at home is for "
                        "families to decide.",
                    ),
                ),
            ],
        },
        {
            "slug": "be-smart-online",
            "title": "Be SMART online",
            "topic": GuidanceTopic.STAYING_SAFE,
            "summary": "Five simple rules our pupils learn in school, and how you can use them at home.",
            "last_checked": today - timedelta(days=30),
            "body": [
                _paragraph(
                    "Children across our schools learn the SMART rules in computing lessons and assemblies. "
                    "Using the same words at home helps the rules stick."
                ),
                (
                    "smart",
                    {
                        "heading": "Be SMART online",
                        "intro": "Go through one letter a week with your child and ask them for an example.",
                        "s": {
                            "word": "Safe",
                            "text": "Keep personal details private: full name, address, "
                            "school, passwords and photos in school uniform.",
                        },
                        "m": {
                            "word": "Meet",
                            "text": "Never meet up with someone you have only talked to "
                            "online without a parent or carer.",
                        },
                        "a": {
                            "word": "Accepting",
                            "text": "Do not accept friend requests, files or links from "
                            "people you do not know in real life.",
                        },
                        "r": {
                            "word": "Reliable",
                            "text": "People online are not always who they say they are, "
                            "and not everything you read is true.",
                        },
                        "t": {
                            "word": "Tell",
                            "text": "Tell a parent, carer or teacher if anything online "
                            "worries you. You will not be in trouble.",
                        },
                    },
                ),
                _callout(
                    "success",
                    "Good practice",
                    "Keep devices in shared family spaces for younger children, and charge them outside "
                    "bedrooms overnight.",
                ),
            ],
            "resources": [
                (
                    "resource",
                    {
                        "document": poster,
                        "title": "",
                        "description": "A one-page reminder of the five SMART rules to print and put up at home.",
                    },
                )
            ],
        },
        {
            "slug": "reporting-a-concern",
            "title": "Reporting a concern about your child online",
            "topic": GuidanceTopic.REPORTING,
            "summary": "Who to tell at school and which national services can help if something worrying "
            "happens online.",
            "last_checked": today - timedelta(days=10),
            "body": [
                _paragraph(
                    "If something online has upset or frightened your child, stay calm, thank them for telling "
                    "you and keep any evidence, such as screenshots. Do not reply to the person involved."
                ),
                (
                    "report_concern",
                    {
                        "heading": "How to report a concern",
                        "emergency_text": "If a child is in immediate danger, call 999.",
                        "school_contact": {
                            "role": "Designated Safeguarding Lead",
                            "how_to_contact": "Ring your child's school office and ask for the Designated "
                            "Safeguarding Lead, or tell your child's class teacher.",
                            "email": "safeguarding@example.org",
                            "phone": "",
                        },
                        "services": [
                            {
                                "name": "CEOP Safety Centre",
                                "url": "https://www.ceop.police.uk/Safety-Centre/",
                                "description": "Report online sexual abuse or grooming to the police.",
                            },
                            {
                                "name": "Report Harmful Content",
                                "url": "https://reportharmfulcontent.com/",
                                "description": "Help with reporting bullying, threats or impersonation to a platform.",
                            },
                            {
                                "name": "NSPCC helpline",
                                "url": "https://www.nspcc.org.uk/keeping-children-safe/online-safety/",
                                "description": "Advice for adults worried about a child.",
                            },
                        ],
                    },
                ),
            ],
        },
        {
            "slug": "who-your-child-talks-to-online",
            "title": "Talking to your child about who they talk to online",
            "topic": GuidanceTopic.CONTACT,
            "summary": "Games, apps and group chats let children talk to people they have never met. "
            "Regular, relaxed conversations help them tell you when something feels wrong.",
            "last_checked": today - timedelta(days=60),
            "body": [
                _heading("Start with curiosity"),
                _paragraph(
                    "Ask your child to show you the games and apps they enjoy and who they play with. Children "
                    "are more likely to come to you later if the first conversation is not a telling-off.",
                    "Try questions like: who is in your group chat? Have you ever been added to a chat by "
                    "someone you did not know? What would you do if someone asked you to keep a secret?",
                ),
                _heading("Warning signs"),
                _paragraph(
                    "Be alert to a new online friend your child will not talk about, gifts or game credits from "
                    "someone you do not know, or your child becoming secretive about their device."
                ),
                _callout(
                    "warning",
                    "Nobody should ask for secrets",
                    "Make it a family rule: a real friend never asks you to keep your chats secret from your "
                    "parents or carers.",
                ),
                _faq(
                    (
                        "Should I read my child's messages?",
                        "For younger children, checking together is reasonable. For older children, agree the "
                        "rules in advance so checking does not feel like spying.",
                    ),
                    (
                        "How do I block or report someone in a game?",
                        "Most games have a block and report option on the player's profile. Our page on "
                        "reporting a concern lists services that can help.",
                    ),
                ),
            ],
        },
    ]


def _poster(collection: Collection):
    """Return the printable SMART reminder in ``collection``, creating it if missing."""
    Document = get_document_model()
    poster = Document.objects.filter(title=POSTER_TITLE).first()
    if poster is None:
        poster = Document(title=POSTER_TITLE, collection=collection)
        text = "Be SMART online\n\nS - Safe\nM - Meet\nA - Accepting\nR - Reliable\nT - Tell\n"
        poster.file.save("be-smart-online.txt", ContentFile(text.encode()), save=False)
        poster.save()
    return poster


@transaction.atomic
def load(context: dict) -> None:
    """Add the guidance section, its demo pages and the Communications group's permissions where missing.

    ``context["pages"]["home"]`` is the site's HomePage (from ``home.demo.load``). Adds
    ``context["pages"]["parent_guidance"]`` (the section). Existing pages are not changed.
    """
    home = context["pages"]["home"]
    section = ParentGuidanceIndexPage.objects.child_of(home).first()
    if section is None:
        section = ParentGuidanceIndexPage(
            title="Parent e-safety guidance",
            slug=SECTION_SLUG,
            show_in_menus=True,
            search_description="Advice for parents and carers on keeping children safe on apps, games and "
            "social media.",
            intro="<p>Practical advice for parents and carers from our schools' online safety team. We "
            "check each page regularly; the date it was last checked is shown at the top.</p>",
        )
        home.add_child(instance=section)
        section.save_revision().publish()
    grant_communications_permissions(section=section)

    collection = Collection.objects.filter(name=GUIDANCE_COLLECTION).first() or Collection.get_first_root_node()
    poster = _poster(collection)
    created = {}
    for data in _pages(poster):
        if ParentGuidancePage.objects.child_of(section).filter(slug=data["slug"]).exists():
            continue
        page = ParentGuidancePage(**data)
        section.add_child(instance=page)
        page.save_revision().publish()
        created[data["slug"]] = page

    # Link the two pages about contact and reporting to each other when both are new.
    contact, reporting = created.get("who-your-child-talks-to-online"), created.get("reporting-a-concern")
    if contact and reporting:
        ParentGuidanceRelatedPage.objects.bulk_create(
            [
                ParentGuidanceRelatedPage(page=contact, related_page=reporting, sort_order=0),
                ParentGuidanceRelatedPage(page=reporting, related_page=contact, sort_order=0),
            ]
        )
        for page in (contact, reporting):
            page.refresh_from_db()
            page.save_revision().publish()
    # The Communications officer writes the guidance, so the demo makes her its owner (as the
    # admin does for pages she creates): her leaver hand-over then has pages to pass on.
    comms = User.objects.filter(username="comms").first()
    if comms is not None:
        Page.objects.filter(
            pk__in=[section.pk, *ParentGuidancePage.objects.child_of(section).values_list("pk", flat=True)],
            owner__isnull=True,
        ).update(owner=comms)
    context["pages"]["parent_guidance"] = section
