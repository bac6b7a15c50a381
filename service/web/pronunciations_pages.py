"""The /pronunciations page: the dictionary listed, with forms (no script needed) to add, change,
delete, import and export entries, and a Preview button per entry. The forms post here with the
CSRF token and, when the server has one, the access token (access.py); the work is the API's."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from service.i18n import catalogue, languages as interface_languages
from service.ingest import InputError
from service.pronunciations import checked
from service.web import access
from service.web.context import parts
from service.web.pronunciations_api import change, import_file, languages, remove, stored

bp = Blueprint("pronunciations_pages", __name__)


def _strings():
    """The interface in the reader's language (Accept-Language), else English."""
    return catalogue(request.accept_languages.best_match(interface_languages()) or "en")


def _page(form: dict | None = None, error: dict | None = None, status: int = 200, editing: dict | None = None):
    t = _strings()
    return render_template("pronunciations.html", t=t, lang=t.lang, entries=parts()["db"].pronunciations(),
                           languages=sorted(languages()), form=form or {}, error=error, editing=editing,
                           done=request.args.get("done")), status


def _payload(form) -> dict:
    """A form's fields as the API's JSON (a checkbox is there when ticked)."""
    return {"written": form.get("written", ""), "say": form.get("say", ""), "language": form.get("language", ""),
            "whole_word": "whole_word" in form, "case_sensitive": "case_sensitive" in form}


def _refused(exc: InputError, form, editing=None):
    error = {"field": getattr(exc, "field", None) or "written", "message": str(exc)}
    return _page(form, error, getattr(exc, "status", 422), editing)


def _back(done: str):
    return redirect(url_for("pronunciations_pages.index", done=done), 303)


@bp.get("/pronunciations")
def index():
    return _page()


@bp.post("/pronunciations")
def add():
    try:
        access.check_form_token(request.form)
        change([checked(_payload(request.form), languages())])
    except InputError as exc:
        return _refused(exc, request.form)
    return _back("added")


@bp.get("/pronunciations/<entry_id>")
def edit_form(entry_id):
    return _page(editing=stored(entry_id))


@bp.post("/pronunciations/<entry_id>")
def edit(entry_id):
    entry = stored(entry_id)
    try:
        access.check_form_token(request.form)
        change([checked(_payload(request.form), languages(), entry_id)])
    except InputError as exc:
        return _refused(exc, request.form, entry)
    return _back("saved")


@bp.post("/pronunciations/<entry_id>/delete")
def delete(entry_id):
    try:
        access.check_form_token(request.form)
    except InputError as exc:
        return _refused(exc, {})
    remove(entry_id)
    return _back("deleted")


@bp.post("/pronunciations/import")
def import_file_form():
    upload = request.files.get("file")
    try:
        access.check_form_token(request.form)
        if upload is None or not upload.filename:
            raise InputError(_strings().pron_no_file, "file")
        import_file(upload.read())
    except InputError as exc:
        return _refused(exc, {})
    return _back("imported")
