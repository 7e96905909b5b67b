"""The council's back-office: officers, managers and administrators."""

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from backoffice.routes import (
        account,
        admin,
        advice,
        cases,
        exceptions,
        exports,
        intake,
        links,
        notices,
        triage,
    )

    blueprint = Blueprint("backoffice", __name__)
    for module in (account, cases, notices, admin, exports, triage, advice, exceptions, intake, links):
        module.register(blueprint)
    return blueprint
