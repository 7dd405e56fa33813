"""Users' own exercises (a name and a kind, made by /exercise new or by an import) and body-weight
entries (/bw). Both are new tables: existing rows are untouched.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_exercises",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("equipment", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "body_weights",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.Column("measured_at", sa.DateTime(timezone=True), nullable=False),
        # the /bw message: a re-delivered command adds nothing (NULLs never collide)
        sa.Column("message_id", sa.BigInteger, nullable=True),
        sa.UniqueConstraint("user_id", "message_id", name="uq_body_weight_message"),
    )
    op.create_index("ix_body_weights_user_measured", "body_weights", ["user_id", "measured_at"])


def downgrade() -> None:
    op.drop_index("ix_body_weights_user_measured", "body_weights")
    op.drop_table("body_weights")
    op.drop_table("user_exercises")
