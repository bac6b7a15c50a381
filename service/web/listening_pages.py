"""The queue page (placeholder, filled in the next step)."""
from flask import Blueprint

bp = Blueprint("listening", __name__)
