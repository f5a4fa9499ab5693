"""The Genius demo generator: deterministic, consistent relations, CLI sub-commands, mutations."""

from __future__ import annotations

import sqlalchemy as sa

from crm_sandbox.cli import main
from crm_sandbox.genius import schema as g
from crm_sandbox.genius.mutate import mutate
from crm_sandbox.genius.seed import seed


def _dump(url: str) -> dict[str, list[tuple]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        dump = {t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
                for t in g.TABLES}
    engine.dispose()
    return dump


def test_seeding_is_deterministic_and_relations_hold(tmp_path):
    a, b, c = (f"sqlite:///{tmp_path}/{n}.sqlite" for n in "abc")
    counts = seed(a, scale=0.05, seed=1)
    seed(b, scale=0.05, seed=1)
    seed(c, scale=0.05, seed=2)
    assert _dump(a) == _dump(b) != _dump(c)
    assert len(counts) == 32 and all(counts.values())
    engine = sa.create_engine(a)
    with engine.connect() as conn:
        for child, column, parent, key in (("appointment", "prospect_id", "prospect", "id"),
                                           ("prospect_source", "prospect_id", "prospect", "id"),
                                           ("quote", "appointment_id", "appointment", "id"),
                                           ("job", "prospect_id", "prospect", "id"),
                                           ("job_change_order", "job_id", "job", "id"),
                                           ("job_change_order_item", "change_order_id", "job_change_order", "id"),
                                           ("appointment_to_service", "appointment_id", "appointment", "id"),
                                           ("division", "group_id", "division_group", "id"),
                                           ("user_data", "division_id", "division", "id")):
            orphans = conn.exec_driver_sql(
                f"SELECT COUNT(*) FROM {child} WHERE {column} NOT IN (SELECT {key} FROM {parent})").scalar()
            assert orphans == 0, (child, column)
    engine.dispose()


def test_cli_seed_and_mutate(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/demo.sqlite"
    assert main(["genius-seed", "--url", url, "--scale", "0.05"]) == 0
    before = _dump(url)
    assert main(["genius-mutate", "--url", url, "--fraction", "0.05"]) == 0
    after = _dump(url)
    assert len(after["job_change_order_reason"]) == len(before["job_change_order_reason"]) - 1
    assert len(after["prospect"]) > len(before["prospect"])
    changed = set(after["lead"]) - set(before["lead"])
    assert 0 < len(changed) < 0.2 * len(before["lead"])
    assert '"rows"' in capsys.readouterr().out


def test_bulk_updates_share_one_second(tmp_path):
    url = f"sqlite:///{tmp_path}/demo.sqlite"
    seed(url, scale=0.1, seed=3)
    report = mutate(url, fraction=0.1, seed=3)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        newest = conn.execute(sa.select(sa.func.max(g.lead.c.updated_at))).scalar()
        at_newest = conn.execute(sa.select(sa.func.count()).where(g.lead.c.updated_at == newest)).scalar()
    engine.dispose()
    assert at_newest >= report["lead"]["updated"] + report["lead"]["inserted"] > 20
