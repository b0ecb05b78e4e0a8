"""Media and private files on Azure Blob Storage (django-storages), never publicly addressable.

Chosen by ``AZURE_STORAGE_CONNECTION_STRING`` (``intranet.settings.env.azure_storages``), so
every app server reads and writes the same files. The containers stay private (no
anonymous access): no URL of a file points at Azure. Images keep their ``/media/…`` URLs and
are streamed by the app's image view (``core.files.media``); documents by Wagtail's serve
view with its privacy checks; sealed records and attachments only by the views that check
who is asking.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.azure_storage import AzureStorage

__all__ = ["AppServedAzureStorage", "PrivateAzureStorage"]


class AppServedAzureStorage(AzureStorage):
    """The media storage on Azure: a file's URL is ``MEDIA_URL`` + its name, answered by the app, never Azure's."""

    def url(self, name, expire=None, parameters=None, mode="r"):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


class PrivateAzureStorage(AzureStorage):
    """Sealed records and attachments on Azure: no URL at all (``ValueError``); they are served by checked views."""

    def url(self, name, expire=None, parameters=None, mode="r"):
        raise ValueError("Private files have no address: they are served only through the intranet's views.")
