"""School staff memberships approved by the council or a school lead, with their audit trail; the
last accepted TOTP step per user (a security code is accepted once).

Every existing school staff account with a school is carried over as an approved member, so
nobody who can work today loses access; the carry-over is written to the audit trail.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 03:40:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    op.create_table(
        'school_memberships',
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('school_id', sa.UUID(), nullable=False),
        sa.Column('status', sa.Enum('requested', 'approved', 'removed', name='membership_status'), nullable=False),
        sa.Column('is_lead', sa.Boolean(), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.UUID(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('id', sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_school_memberships_decided_by_id_users')),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_school_memberships_school_id_schools')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_school_memberships_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_school_memberships')),
        sa.UniqueConstraint('user_id', 'school_id', name='uq_school_memberships_user_school'),
    )
    op.create_index(op.f('ix_school_memberships_school_id'), 'school_memberships', ['school_id'], unique=False)
    op.create_index(op.f('ix_school_memberships_user_id'), 'school_memberships', ['user_id'], unique=False)
    op.create_table(
        'school_membership_events',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('membership_id', sa.UUID(), nullable=False),
        sa.Column('school_id', sa.UUID(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.UUID(), nullable=True),
        sa.Column('action', sa.String(length=30), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_school_membership_events_actor_id_users')),
        sa.ForeignKeyConstraint(['membership_id'], ['school_memberships.id'],
                                name=op.f('fk_school_membership_events_membership_id_school_memberships')),
        sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_school_membership_events_school_id_schools')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_school_membership_events')),
    )
    op.create_index('ix_school_membership_events_school_at', 'school_membership_events', ['school_id', 'at', 'id'],
                    unique=False)
    op.create_index(op.f('ix_school_membership_events_membership_id'), 'school_membership_events', ['membership_id'],
                    unique=False)
    # The audit trail is append-only, like the chronology.
    op.execute(
        """
        CREATE FUNCTION school_membership_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'school membership events are append-only: % refused', TG_OP;
        END;
        $$;
        """
    )
    op.execute(
        "CREATE TRIGGER school_membership_events_append_only BEFORE UPDATE OR DELETE ON school_membership_events "
        "FOR EACH ROW EXECUTE FUNCTION school_membership_events_append_only()"
    )
    # Existing school staff keep the access they have today: an approved membership each, on record.
    op.execute(
        """
        INSERT INTO school_memberships (id, user_id, school_id, status, is_lead, requested_at, decided_at)
        SELECT gen_random_uuid(), id, school_id, 'approved', false, created_at, now()
        FROM users WHERE role = 'school_staff' AND school_id IS NOT NULL
        """
    )
    op.execute(
        """
        INSERT INTO school_membership_events (membership_id, school_id, at, actor_id, action, summary)
        SELECT id, school_id, decided_at, NULL, 'approved',
               'Approved when school memberships were introduced (the account already had access)'
        FROM school_memberships
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER school_membership_events_append_only ON school_membership_events")
    op.execute("DROP FUNCTION school_membership_events_append_only()")
    op.drop_index(op.f('ix_school_membership_events_membership_id'), table_name='school_membership_events')
    op.drop_index('ix_school_membership_events_school_at', table_name='school_membership_events')
    op.drop_table('school_membership_events')
    op.drop_index(op.f('ix_school_memberships_user_id'), table_name='school_memberships')
    op.drop_index(op.f('ix_school_memberships_school_id'), table_name='school_memberships')
    op.drop_table('school_memberships')
    op.execute('DROP TYPE membership_status')
    op.drop_column('users', 'totp_last_step')
