"""Upload policies in the admin: Policies → "Upload policies", then a preview to correct, then drafts.

1. **Upload** (``PolicyUploadView``): one or many .docx/.txt/.md files, the policy index
   they go to and, optionally, their school. Each file is checked and read as the
   ``import_policy`` command reads it (``policy.importers``); a bad file (wrong type, too
   large, empty, a hostile or damaged .docx) is refused with a sentence next to the field
   and in the error summary, naming the file. Files that read well are kept in a private
   folder for this person's session (never under ``media/``).
2. **Preview** (``PolicyImportPreviewView``): one form per file showing what was recognised
   (title, school, version, review dates, category) for the editor to correct, with the
   sections found and any warnings. "Save as drafts" creates one draft policy per file
   (``policy.services.save_document``, the command's own code); "Save and submit for
   approval" also submits each to its workflow, unless nobody could approve it
   (``policy.approval_guard``), which the message then says.
"""

import secrets
import shutil
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import formset_factory
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from home.models import School

from .approval_guard import policy_steps_without_approver
from .approvers import nobody_to_approve_message
from .importers import PolicyImportError, read_document
from .importers.document import Heading
from .models import PolicyCategory, PolicyIndexPage, PolicyPage
from .scope import acts_for_trust
from .services import save_document

__all__ = ["PolicyImportPreviewView", "PolicyUploadView", "may_upload_policies"]

# Files an editor uploads at once, and the size of each: real policies are well under 10 MB.
MAX_UPLOAD_FILES = 20
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_EXTENSIONS = (".docx", ".txt", ".md")
SESSION_KEY = "policy_uploads"


def upload_root() -> Path:
    """The private folder holding uploaded policy files between upload and preview (``POLICY_UPLOAD_ROOT``)."""
    return Path(getattr(settings, "POLICY_UPLOAD_ROOT", "") or Path(tempfile.gettempdir()) / "intranet-policy-uploads")


def indexes_for(user):
    """Return the policy indexes ``user`` may add policies to, in tree order."""
    return [
        index
        for index in PolicyIndexPage.objects.order_by("path")
        if index.permissions_for_user(user).can_add_subpage()
    ]


def may_upload_policies(user) -> bool:
    """Whether ``user`` may upload policies: someone who may add a policy to at least one policy index."""
    return bool(user.is_authenticated and user.is_active and indexes_for(user))


def schools_for(user):
    """The schools ``user`` may write policies for (as the page editor offers them)."""
    if user.is_superuser:
        return School.objects.order_by("name")
    return School.objects.filter(pk=user.school_id) if user.school_id else School.objects.none()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking one or many files; ``clean`` returns a list of uploaded files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class PolicyUploadForm(forms.Form):
    """The upload step: files, where they go, and (optionally) whose they are."""

    files = MultipleFileField(
        label=gettext_lazy("Policy documents"),
        help_text=gettext_lazy(
            "One or more Word (.docx) or text (.txt, .md) files, up to 10 MB each and 20 at a time. "
            "Each becomes a draft policy you can check before saving."
        ),
        error_messages={"required": gettext_lazy("Choose at least one policy document to upload.")},
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Add them to"),
        queryset=PolicyIndexPage.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("The list of policies the drafts go into (public or staff-only)."),
    )
    school = forms.ModelChoiceField(
        label=gettext_lazy("School"),
        queryset=School.objects.none(),
        required=False,
        help_text=gettext_lazy("Leave blank to use the school each document names (you can change it next)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["parent"].queryset = PolicyIndexPage.objects.filter(pk__in=[i.pk for i in indexes_for(user)])
        self.fields["school"].queryset = schools_for(user)
        self.documents = []

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                _("You chose %(count)s files; upload at most %(limit)s at a time.")
                % {"count": len(files), "limit": MAX_UPLOAD_FILES}
            )
        problems = []
        for upload in files:
            name = Path(upload.name).name
            suffix = Path(name).suffix.lower()
            if suffix not in UPLOAD_EXTENSIONS:
                problems.append(_("“%(name)s” is not a Word (.docx) or text (.txt, .md) file.") % {"name": name})
            elif upload.size > MAX_UPLOAD_BYTES:
                problems.append(
                    _("“%(name)s” is %(size).0f MB; the limit is 10 MB.")
                    % {"name": name, "size": upload.size / 1024 / 1024}
                )
        if problems:
            raise forms.ValidationError(problems)
        return files


class PreviewForm(forms.Form):
    """What was recognised in one document, for the editor to correct before the draft is saved."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    school = forms.ModelChoiceField(label=gettext_lazy("School"), queryset=School.objects.none(), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=PolicyCategory.choices)
    version = forms.CharField(label=gettext_lazy("Version"), max_length=20, required=False)
    last_reviewed = forms.DateField(
        label=gettext_lazy("Last reviewed"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    requires_acknowledgement = forms.BooleanField(
        label=gettext_lazy("Staff must acknowledge"),
        required=False,
        help_text=gettext_lazy("Tick when every member of staff it applies to must confirm they have read it."),
    )
    next_review_due = forms.DateField(
        label=gettext_lazy("Next review due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["school"]
        field.queryset = schools_for(user) if user is not None else School.objects.none()
        field.empty_label = _("Trust-wide (all schools)")

    def clean(self):
        cleaned = super().clean()
        user = self.user
        if user is not None and not user.is_superuser and not cleaned.get("school") and not acts_for_trust(user):
            self.add_error("school", _("Choose your school: you may only write your own school's policies."))
        return cleaned


PreviewFormSet = formset_factory(PreviewForm, extra=0)


def _batch(request, token: str) -> dict:
    batch = request.session.get(SESSION_KEY, {}).get(token)
    if not batch or batch.get("user") != request.user.pk:
        raise Http404("No such upload.")
    return batch


def _forget(request, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    shutil.rmtree(upload_root() / token, ignore_errors=True)


class UploadAccessMixin:
    """Refuse (403) anyone who may not upload policies (``may_upload_policies``), on every method."""

    def dispatch(self, request, *args, **kwargs):
        if not may_upload_policies(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PolicyUploadView(UploadAccessMixin, View):
    """Step 1: choose files. GET shows the form; a valid POST keeps the files and goes to the preview."""

    template_name = "policy/admin/policy_upload.html"

    def render(self, form):
        return TemplateResponse(self.request, self.template_name, {"form": form, "extensions": UPLOAD_EXTENSIONS})

    def get(self, request):
        return self.render(PolicyUploadForm(user=request.user))

    def post(self, request):
        form = PolicyUploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(form)
        token = secrets.token_urlsafe(16)
        folder = upload_root() / token
        folder.mkdir(parents=True, exist_ok=True)
        names, problems = [], []
        for number, upload in enumerate(form.cleaned_data["files"]):
            name = Path(upload.name).name
            # Kept under its own name (the draft's "imported from") in a numbered folder of its own.
            target = folder / str(number) / name
            target.parent.mkdir()
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                read_document(target)
            except PolicyImportError as exc:
                problems.append(_("“%(name)s” could not be read: %(reason)s") % {"name": name, "reason": exc})
                continue
            names.append(f"{number}/{name}")
        if problems:
            shutil.rmtree(folder, ignore_errors=True)
            form.add_error("files", problems)
            return self.render(form)
        school = form.cleaned_data["school"]
        uploads = request.session.get(SESSION_KEY, {})
        uploads[token] = {
            "user": request.user.pk,
            "parent": form.cleaned_data["parent"].pk,
            "school": school.pk if school else None,
            "files": names,
        }
        request.session[SESSION_KEY] = uploads
        return redirect("policy_upload_preview", token=token)


class PolicyImportPreviewView(UploadAccessMixin, View):
    """Step 2: what was recognised in each file, to correct; POST saves the drafts (and may submit them)."""

    template_name = "policy/admin/policy_upload_preview.html"

    def documents(self, token: str, batch: dict):
        folder = upload_root() / token
        try:
            return [read_document(folder / name) for name in batch["files"]]
        except PolicyImportError:
            _forget(self.request, token)
            raise Http404("The uploaded files are no longer here; upload them again.") from None

    def initial_for(self, document, batch: dict) -> dict:
        school = School.objects.filter(pk=batch["school"]).first() if batch["school"] else None
        if school is None and document.organisation:
            from .services import school_named

            school = school_named(document.organisation)
        if school is None and not acts_for_trust(self.request.user):
            school = self.request.user.school
        if school is not None and not schools_for(self.request.user).filter(pk=school.pk).exists():
            school = None
        return {
            "title": document.title,
            "school": school,
            "category": document.category or PolicyCategory.OTHER,
            "version": document.version,
            "last_reviewed": document.last_reviewed,
            "next_review_due": document.next_review_due,
            "requires_acknowledgement": False,
        }

    def render(self, token, documents, formset):
        items = [
            {
                "form": form,
                "document": document,
                "sections": [element.text for element in document.elements if isinstance(element, Heading)],
            }
            for form, document in zip(formset.forms, documents, strict=True)
        ]
        context = {"formset": formset, "items": items, "token": token}
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, token):
        batch = _batch(request, token)
        documents = self.documents(token, batch)
        formset = PreviewFormSet(
            initial=[self.initial_for(document, batch) for document in documents],
            form_kwargs={"user": request.user},
        )
        return self.render(token, documents, formset)

    def post(self, request, token):
        batch = _batch(request, token)
        documents = self.documents(token, batch)
        formset = PreviewFormSet(request.POST, form_kwargs={"user": request.user})
        if not formset.is_valid() or len(formset.forms) != len(documents):
            return self.render(token, documents, formset)
        parent = PolicyIndexPage.objects.get(pk=batch["parent"])
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        submit = bool(request.POST.get("submit"))
        pages = []
        with transaction.atomic():
            for form, document in zip(formset.forms, documents, strict=True):
                corrections = dict(form.cleaned_data)
                outcome = save_document(
                    document=document,
                    parent=parent,
                    school=corrections.get("school"),
                    user=request.user,
                    corrections=corrections,
                )
                pages.append(outcome.page)
        _forget(request, token)
        submitted, refused = [], []
        if submit:
            workflow = parent.get_workflow()
            for page in pages:
                page = PolicyPage.objects.get(pk=page.pk)
                if workflow is None:
                    continue
                if policy_steps_without_approver(workflow, school_id=page.school_id, submitter=request.user):
                    refused.append(page)
                    continue
                workflow.start(page, request.user)
                submitted.append(page)
        titles = ", ".join(f"“{page.title}”" for page in pages)
        if submitted:
            messages.success(
                request,
                _("Saved and submitted for approval: %(titles)s.")
                % {"titles": ", ".join(f"“{page.title}”" for page in submitted)},
            )
        else:
            messages.success(request, _("Saved as draft policies: %(titles)s.") % {"titles": titles})
        for page in refused:
            messages.error(
                request,
                _("“%(title)s” was saved as a draft but not submitted. %(reason)s")
                % {"title": page.title, "reason": nobody_to_approve_message(school_id=page.school_id)},
            )
        return redirect(reverse("wagtailadmin_explore", args=[parent.pk]))
