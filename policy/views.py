"""The site search page."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH, search_pages


def search(request):
    """Show the search form and, for a query ``q``, the results a page at a time (``page``).

    Results depend on who is asking: staff-only pages appear only for signed-in staff.
    A query over 200 characters is shortened with a message rather than refused.
    """
    query = request.GET.get("q", "")
    notice = ""
    if len(query.strip()) > MAX_QUERY_LENGTH:
        notice = _("Your search was shortened to its first %(count)s characters.") % {"count": MAX_QUERY_LENGTH}
    results_page, results = search_pages(
        query=query, user=request.user, page_number=request.GET.get("page", 1), request=request
    )
    context = {
        "query": query.strip()[:MAX_QUERY_LENGTH],
        "results": results,
        "results_page": results_page,
        "notice": notice,
    }
    return TemplateResponse(request, "policy/search.html", context)
