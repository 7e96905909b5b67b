"""The council's back-office: officers, managers and administrators."""

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from backoffice.routes import (
        account,
        admin,
        advice,
        calendar,
        cases,
        cme,
        contacts,
        ehe,
        ehe_associates,
        exceptions,
        exports,
        intake,
        links,
        notices,
        plan,
        print_queue,
        reports,
        section19,
        triage,
    )

    blueprint = Blueprint("backoffice", __name__)
    for module in (account, cases, notices, admin, exports, triage, advice, exceptions, intake, links, reports, plan,
                   calendar, section19, ehe, cme, ehe_associates, contacts, print_queue):
        module.register(blueprint)
    return blueprint
