"""The "Evidence pack" admin page: one ZIP of the register, sealed records, site history and policy versions.

For the people who oversee schools (``home.selectors.overseen_school_ids``): an ICT
Manager or Headteacher gets their own school's pack; Trust administrators and
superusers choose one school or the whole trust. Anyone else, or anyone asking for a
school they do not oversee, gets 404.
"""

from django import forms
from django.http import Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from home.models import School
from home.selectors import overseen_school_ids

from .pack import pack_filename, stream_evidence_pack

__all__ = ["EvidencePackMenuItem", "evidence_pack", "may_download_pack"]

WHOLE_TRUST = "all"


def may_download_pack(user) -> bool:
    """True for active users who oversee at least one school (the pack holds nothing for anyone else)."""
    return user.is_authenticated and overseen_school_ids(user) != frozenset()


class EvidencePackForm(forms.Form):
    scope = forms.ChoiceField(label=_("Sites of"), error_messages={"invalid_choice": _("Choose a school you oversee.")})

    def __init__(self, *args, school_ids, **kwargs):
        super().__init__(*args, **kwargs)
        schools = School.objects.order_by("name")
        if school_ids is not None:
            schools = schools.filter(pk__in=school_ids)
        choices = [(str(school.pk), school.name) for school in schools]
        if school_ids is None:
            choices.insert(0, (WHOLE_TRUST, _("The whole trust (every school)")))
        self.fields["scope"].choices = choices

    def school_ids(self) -> frozenset[int] | None:
        scope = self.cleaned_data["scope"]
        return None if scope == WHOLE_TRUST else frozenset({int(scope)})


def evidence_pack(request):
    """Show the evidence pack page; with ``?scope=`` (a school id, or ``all``), stream the ZIP.

    A school the user does not oversee (or ``all`` for a school's approver) is 404, so
    the page does not reveal another school's register.
    """
    school_ids = overseen_school_ids(request.user)
    if school_ids == frozenset():
        raise Http404
    if "scope" in request.GET:
        form = EvidencePackForm(request.GET, school_ids=school_ids)
        if not form.is_valid():
            raise Http404
        chosen = form.school_ids()
        now = timezone.now()
        response = StreamingHttpResponse(
            stream_evidence_pack(school_ids=chosen, generated_by=request.user.get_full_name(), now=now),
            content_type="application/zip",
        )
        response["Content-Disposition"] = f'attachment; filename="{pack_filename(school_ids=chosen, now=now)}"'
        response["Cache-Control"] = "private, no-store"
        return response
    form = EvidencePackForm(school_ids=school_ids)
    return TemplateResponse(request, "forms_app/records/evidence_pack.html", {"form": form})


class EvidencePackMenuItem(MenuItem):
    """The admin menu's "Evidence pack", shown to those who oversee a school."""

    def is_shown(self, request):
        return may_download_pack(request.user)
