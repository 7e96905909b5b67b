"""Migration 0016 carries every existing school staff account over as an approved member (nobody
who works today loses access), on the audit trail."""

from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shared.migrate import alembic_config


def test_existing_school_staff_become_approved_members(settings, stack):
    admin = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS send_membership_check"))
        connection.execute(text("CREATE DATABASE send_membership_check"))
    scratch = make_url(settings.database_url).set(database="send_membership_check")
    config = alembic_config(scratch.render_as_string(hide_password=False))
    command.upgrade(config, "0015")
    engine = create_engine(scratch)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO schools (id, urn, name, phase, is_special, email) VALUES "
            "('00000000-0000-0000-0000-000000000001', '100001', 'Oakfield', 'Primary', false, 'o@oak.example')"))
        for n, role, school in ((1, "school_staff", "'00000000-0000-0000-0000-000000000001'"),
                                (2, "school_staff", "NULL"), (3, "parent", "NULL")):
            connection.execute(text(
                "INSERT INTO users (id, email, full_name, role, is_active_account, school_id, organisation, job_title, "
                f"created_at) VALUES ('00000000-0000-0000-0000-00000000010{n}', 'u{n}@example.com', 'User {n}', "
                f"'{role}', true, {school}, '', '', now())"))
    command.upgrade(config, "0016")
    with engine.connect() as connection:
        members = connection.execute(text("SELECT user_id::text, status, is_lead FROM school_memberships")).all()
        trail = connection.execute(text("SELECT action, actor_id FROM school_membership_events")).all()
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE send_membership_check WITH (FORCE)"))
    admin.dispose()
    assert members == [("00000000-0000-0000-0000-000000000101", "approved", False)]
    assert trail == [("approved", None)]
