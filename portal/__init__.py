"""The public portal: families, young people, schools and SENDIASS advisers."""

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from portal.routes import account, adviser_access, cases, documents, pages

    blueprint = Blueprint("portal", __name__)
    for module in (pages, account, cases, documents, adviser_access):
        module.register(blueprint)
    return blueprint
