"""The data generation: one number that grows with every committed transaction that wrote
data (marketplace/data_generation.py bumps it inside that transaction), so a page drawn at
generation N is still true while the number reads N, on every worker and host.

One row, made with the table (the after_create DDL for create_all, the migration for
upgrades)."""

from sqlalchemy import DDL, BigInteger, event
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class DataGeneration(Base):
    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, default=0)


event.listen(
    DataGeneration.__table__,
    "after_create",
    DDL("INSERT INTO data_generation (id, number) VALUES (1, 0)"),
)
