"""The council's back-office: officers, managers and administrators."""

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from backoffice.routes import (
        account,
        admin,
        admin_accounts,
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
        school_memberships,
        section19,
        triage,
    )

    blueprint = Blueprint("backoffice", __name__)
    for module in (account, cases, notices, admin, exports, triage, advice, exceptions, intake, links, reports, plan,
                   calendar, section19, ehe, cme, ehe_associates, admin_accounts, school_memberships, contacts,
                   print_queue):
        module.register(blueprint)
    return blueprint
