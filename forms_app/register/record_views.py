"""Front-end views of sealed approval records: download a record, and check a copy someone hands you.

Downloads follow the approval record page's own rule
(``forms_app.register.selectors.user_can_view_approval_record``); anyone else gets 404.

The check ("Check an approval record") is for signed-in staff who oversee a school's
sites: ICT Managers, Headteachers, Trust administrators and superusers
(``home.selectors.overseen_school_ids`` not empty). They are the people a governor or an
inspector brings a printed or emailed record to; it also keeps the parsing of uploaded
files to trusted accounts. Others get 404, like every oversight page.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from home.selectors import overseen_school_ids

from ..models import SealedRecord
from .records import SealingUnavailable, load_record_request, sealed_record_for, verify_pdf
from .selectors import user_can_view_approval_record

__all__ = [
    "MAX_UPLOAD_BYTES",
    "VerifyRecordForm",
    "latest_sealed_record_download",
    "sealed_record_download",
    "verify_record",
]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a sealed record is well under 1 MB


@login_required
def sealed_record_download(request, public_id, approval_round: int):
    """Send the sealed PDF of round ``approval_round`` of the request ``public_id`` as a download.

    404 for anyone who may not read its approval record, and when no such record exists.
    """
    site_request = load_record_request(public_id=public_id)
    if site_request is None or not user_can_view_approval_record(user=request.user, site_request=site_request):
        raise Http404
    record = SealedRecord.objects.filter(request=site_request, approval_round=approval_round).first()
    if record is None:
        raise Http404
    response = FileResponse(record.pdf.open("rb"), as_attachment=True, filename=record.filename)
    response["Content-Type"] = "application/pdf"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def latest_sealed_record_download(request, public_id):
    """Send the current sealed PDF of the request ``public_id`` (its latest approval).

    Lists that do not load the records (My requests) link here. Before the PDF is
    sealed, the reader is sent to the approval record page with a message saying so;
    404 for anyone who may not read the approval record.
    """
    site_request = load_record_request(public_id=public_id)
    if site_request is None or not user_can_view_approval_record(user=request.user, site_request=site_request):
        raise Http404
    record = sealed_record_for(site_request)
    if record is None:
        messages.info(request, _("The signed PDF of this record is still being prepared. Try again in a few minutes."))
        return redirect("approval_record", public_id=public_id)
    return sealed_record_download(request, public_id, record.approval_round)


def may_verify(user) -> bool:
    """True for active staff who oversee at least one school (the people records are shown to)."""
    return user.is_authenticated and overseen_school_ids(user) != frozenset()


class VerifyRecordForm(forms.Form):
    file = forms.FileField(
        label=_("Approval record (PDF)"),
        help_text=_("The sealed approval record's PDF file, as downloaded from the intranet or received by email."),
        error_messages={"required": _("Choose the PDF file to check.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB: it is not an approval record."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty. Choose the approval record's PDF file."))
        return upload


@login_required
def verify_record(request):
    """Upload a PDF and be told if it is a record this intranet sealed, unaltered, and whose it is.

    The result names the request's reference, school and final approval date. A
    non-PDF, an altered file, a file signed by someone else and an unknown record each
    get their own sentence next to the field and in the error summary.
    """
    if not may_verify(request.user):
        raise Http404
    form = VerifyRecordForm(request.POST, request.FILES) if request.method == "POST" else VerifyRecordForm()
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            result = verify_pdf(data)
        except SealingUnavailable as exc:
            form.add_error(None, str(exc))
        else:
            if not result.is_valid:
                form.add_error("file", result.message)
    error_links = [
        {"anchor": "id_file" if field == "file" else "", "message": message}
        for field, messages in form.errors.items()
        for message in messages
    ]
    context = {"form": form, "result": result if result and result.is_valid else None, "error_links": error_links}
    return TemplateResponse(request, "forms_app/records/verify.html", context, status=200)
