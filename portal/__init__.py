"""The public portal: families, young people, schools and SENDIASS advisers."""

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from portal.routes import (
        account,
        advice,
        adviser_access,
        cases,
        cme,
        consultations,
        documents,
        ehc_request,
        ehe,
        pages,
        plans,
        school_access,
        section19,
    )

    blueprint = Blueprint("portal", __name__)
    for module in (pages, account, cases, documents, adviser_access, ehc_request, advice, plans, consultations,
                   section19, ehe, cme, school_access):
        module.register(blueprint)
    return blueprint
