"""Open prompts move out of the settings JSON into their own table, so answering a prompt never
rewrites a user's settings (and a settings change never races a prompt). A prompt already open is
carried over; a routine prompt's flat shape becomes `{"flow", "until", "waiting_for": {...}}`.

Revision ID: 0007
Revises: 0006
"""

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

settings = sa.table(
    "user_settings", sa.column("user_id", sa.BigInteger), sa.column("data", sa.JSON), sa.column("updated_at")
)


def _carried(pending: dict[str, Any]) -> dict[str, Any]:
    if pending.get("flow") != "routine":
        return pending
    rest = {k: v for k, v in pending.items() if k not in ("flow", "until")}
    return {"flow": "routine", "until": pending.get("until", ""), "waiting_for": rest}


def upgrade() -> None:
    prompts = op.create_table(
        "user_prompts",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    conn = op.get_bind()
    now = datetime.now(UTC)
    for user_id, data in conn.execute(sa.select(settings.c.user_id, settings.c.data)).all():
        if not isinstance(data, dict) or "pending" not in data:
            continue
        pending = data.pop("pending")
        if isinstance(pending, dict) and pending.get("flow"):
            conn.execute(sa.insert(prompts).values(user_id=user_id, body=_carried(pending), updated_at=now))
        conn.execute(sa.update(settings).where(settings.c.user_id == user_id).values(data=data, updated_at=now))


def downgrade() -> None:
    op.drop_table("user_prompts")
