"""Example content: the published folder ``/downloads`` with one File per handbook PDF."""

from plone import api
from plone.namedfile.file import NamedBlobFile
from sozialplattform.site import logger
from sozialplattform.site.downloads import FOLDER_ID
from sozialplattform.site.downloads import IDownloadArea
from sozialplattform.site.downloads import VIEW_NAME
from sozialplattform.site.downloads.handbooks import Handbook
from sozialplattform.site.downloads.handbooks import HANDBOOKS
from sozialplattform.site.sitecontent import ensure_published
from zope.interface import alsoProvides


FOLDER_TITLE = "Downloadbereich"
FOLDER_DESCRIPTION = (
    "Handbücher zu den Funktionen der Sozialplattform für Beratungsstellen, "
    "Landesredaktionen und Ratsuchende."
)


def create_download_folder(site):
    """The folder, published, marked and shown with ``@@downloads`` (idempotent)."""
    folder = ensure_published(
        site,
        FOLDER_ID,
        "Folder",
        title=FOLDER_TITLE,
        description=FOLDER_DESCRIPTION,
        language="de",
    )
    alsoProvides(folder, IDownloadArea)
    folder.setLayout(VIEW_NAME)
    folder.reindexObject(idxs=["object_provides"])
    return folder


def create_handbook_file(folder, handbook: Handbook):
    """The handbook's File, tagged with its functions and roles; None without its PDF.

    Files have no workflow in Plone: they are public because the folder is published.
    """
    existing = folder.get(handbook.file_id)
    if existing is not None:
        return existing
    if not handbook.pdf_path.is_file():
        logger.warning("Handbook PDF missing, run `make docs`: %s", handbook.pdf_path)
        return None
    blob = NamedBlobFile(
        data=handbook.pdf_path.read_bytes(),
        filename=handbook.file_id,
        contentType="application/pdf",
    )
    obj = api.content.create(
        container=folder,
        type="File",
        id=handbook.file_id,
        title=handbook.title,
        description=handbook.description,
        file=blob,
        language="de",
    )
    obj.setSubject(handbook.subjects)
    obj.reindexObject()
    return obj


def create_download_area(site):
    """Create (or complete) ``<site>/downloads`` with the shipped handbook PDFs."""
    folder = create_download_folder(site)
    for handbook in HANDBOOKS:
        create_handbook_file(folder, handbook)
    return folder
