"""The search index follows the database through the outbox: a task per committed change,
applied after the commit or later by whoever comes next; several processes and hosts; a
rebuild swapped in whole; `flask index check` finds drift made behind the application's back.

All through the real database, the real Whoosh and vector folders and the real encoder."""

import os
from collections import namedtuple

import pytest
from sqlalchemy import func, insert, select, text

from marketplace import create_app
from marketplace.extensions import db
from marketplace.services import index_outbox, indexing
from marketplace.services.index_outbox import advance, open_gaps
from marketplace.services.workflow import change_state
from models import IndexTask, Product
from search_index import folders
from search_index.engine import SearchEngine
from search_index.lexical import Document

SCENE = "注塑车间能耗监测平台"


def found(text_=SCENE) -> list[int]:
    return [pid for pid, _ in indexing.search_product_ids("能耗监测")]


def tasks() -> int:
    return db.session.scalar(select(func.count(IndexTask.id)))


def test_a_change_and_its_task_commit_together_and_a_rollback_leaves_neither(app, make_product):
    product = make_product(name=SCENE, stages=("能耗管理",))
    before = tasks()
    change_state(product, "suspended", None, "投诉核查中")
    db.session.rollback()
    assert tasks() == before
    assert found() == [product.id]

    change_state(db.session.get(Product, product.id), "suspended", None, "投诉核查中")
    db.session.commit()
    assert tasks() == before + 1
    assert found() == []  # applied right after the commit


def test_a_busy_index_never_fails_the_user_and_the_next_sync_catches_up(
    app, client, login, make_product, reviewer
):
    product = make_product(name=SCENE, stages=("能耗管理",))
    official = reviewer(product.provider.pilot)
    login(official)
    root = app.config["SEARCH_INDEX_DIR"]
    with folders.writer_lock(root, "products", timeout=1):  # a rebuild's swap, another worker
        response = client.post(
            f"/supervision/products/{product.id}/suspend", data={"reason": "投诉核查中"}
        )
        assert response.status_code == 302  # saved, and said so
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "suspended"
    assert found() == [product.id]  # the index has not followed yet
    assert index_outbox.pending("products")[0] == 1

    result = app.test_cli_runner().invoke(args=["index", "sync"])

    assert result.exit_code == 0, result.output
    assert found() == []
    assert index_outbox.pending("products")[0] == 0


def test_two_hosts_follow_one_database_each_with_its_own_cursor(app, tmp_path, make_product):
    product = make_product(name=SCENE, stages=("能耗管理",))
    other_host = create_app(
        {**app.config, "SEARCH_INDEX_DIR": str(tmp_path / "second-host"), "TESTING": True}
    )
    with other_host.app_context():
        indexing.reindex_all()
        assert found() == [product.id]

    change_state(product, "suspended", None, "投诉核查中")
    db.session.commit()  # applied to this host's folders only
    assert found() == []

    with other_host.app_context():
        assert found() == [product.id]
        assert index_outbox.pending("products")[0] == 1
        assert other_host.test_cli_runner().invoke(args=["index", "sync"]).exit_code == 0
        assert found() == []
        db.session.remove()  # hand its connection back before the pool is closed
        db.engine.dispose()


def test_a_rebuild_killed_half_way_leaves_the_live_index_serving(app, make_product, monkeypatch):
    product = make_product(name=SCENE, stages=("能耗管理",))
    root = app.config["SEARCH_INDEX_DIR"]
    live = folders.live_build(root, "products")

    def dies(self, batches, progress=None):
        next(iter(batches))
        raise KeyboardInterrupt  # kill -9 is the same for the folders: nothing swapped

    monkeypatch.setattr(SearchEngine, "index_many", dies)
    with pytest.raises(KeyboardInterrupt):
        indexing.reindex_all()
    monkeypatch.undo()

    assert folders.live_build(root, "products") == live
    assert found() == [product.id]
    half_built = [n for n in os.listdir(root) if n.startswith("products.build-")]
    assert len(half_built) == 2

    indexing.reindex_all()  # the next rebuild swaps in and clears the leftovers

    assert folders.live_build(root, "products") != live
    assert found() == [product.id]
    builds = [n for n in os.listdir(root) if n.startswith("products.build-")]
    assert len(builds) == 2  # the new build, and the one it replaced (readers may hold it)


def test_check_finds_rows_changed_behind_the_applications_back_and_repair_mends_them(
    app, runner, make_product
):
    kept = make_product(name="设备点检与维保管理系统", stages=("设备管理",))
    edited = make_product(name=SCENE, stages=("能耗管理",))
    gone = make_product(name="仓储条码管理系统", stages=("仓储物流",))
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    # a script or a DBA, not the application: no index task is written
    db.session.execute(
        text("UPDATE products SET name = '空压机群控节能系统' WHERE id = :i"), {"i": edited.id}
    )
    db.session.execute(text("UPDATE products SET status = 'removed' WHERE id = :i"), {"i": gone.id})
    db.session.commit()

    result = runner.invoke(args=["index", "check"])

    assert result.exit_code == 1
    assert "products: 2 expected, 3 indexed; missing 0, extra 1, stale 1" in result.output
    repaired = runner.invoke(args=["index", "check", "--repair"])
    assert repaired.exit_code == 0, repaired.output
    assert "drift left 0" in repaired.output
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    assert [pid for pid, _ in indexing.search_product_ids("空压机")] == [edited.id]
    assert kept.id in [pid for pid, _ in indexing.search_product_ids("设备点检")]


def test_status_counts_documents_pending_tasks_and_the_last_rebuild(app, runner, make_product):
    make_product(name=SCENE, stages=("能耗管理",))
    indexing.reindex_all()
    index_outbox.enqueue("product", [999])  # as if a commit's apply had been lost
    db.session.commit()

    result = runner.invoke(args=["index", "status"])

    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("products:"))
    assert line.startswith("products: 1 documents, 1 pending tasks (oldest ")
    assert "last rebuild never" not in line


def test_two_workers_writing_one_folder_keep_each_others_documents(app, make_product):
    """Each writer reloads what the other saved before adding to it (they take turns under
    the folder lock): the second write does not drop the first one's document."""
    first = make_product(name=SCENE, stages=("能耗管理",))
    path = indexing.index_folder("products")
    encoder = indexing.get_encoder()
    other_worker = SearchEngine(path, encoder, indexing.get_stage_model(encoder))  # loaded now
    second = make_product(name="设备点检与维保管理系统", stages=("设备管理",))  # via this worker
    # the other worker, whose copy predates `second`, writes a document of its own
    other_worker.index([Document(id=424242, name="仓储条码管理系统", stages=["仓储物流"])])
    indexed = set(indexing.product_engine().ids())
    assert {str(first.id), str(second.id), "424242"} <= indexed


Task = namedtuple("Task", "id")


def test_the_cursor_passes_a_gap_and_remembers_it_until_it_fills_or_expires():
    # ids 11 and 12 committed: nothing missing
    assert advance(10, [], [Task(11), Task(12)], [], now=100.0) == (12, [])
    # id 12 taken by a transaction not committed yet when 13 was: 13 applied, 12 remembered
    assert advance(11, [], [Task(13)], [], now=100.0) == (13, [[12, 100.0]])
    assert advance(10, [], [Task(11), Task(14)], [], now=5.0) == (14, [[12, 5.0], [13, 5.0]])
    # 12 commits at last: applied as a late task, the gap closes
    assert advance(13, [[12, 100.0]], [], [Task(12)], now=130.0) == (13, [])
    # a gap older than GAP_WAIT (90 s) is an id whose transaction rolled back
    assert open_gaps([[12, 100.0], [15, 150.0]], now=200.0) == [[15, 150.0]]


def test_a_task_committed_after_a_younger_one_is_still_applied(app, make_product):
    """PostgreSQL hands out ids before commit: a product's task with a smaller id can commit
    after the cursor passed a bigger one. It is applied when it commits, once."""
    make_product(name="设备点检与维保管理系统", stages=("设备管理",))
    start = index_outbox.latest_task_id()
    db.session.info[index_outbox.DEFERRED_KEY] = True  # this test writes the tasks itself
    early = make_product(name="仓储条码管理系统", stages=("仓储物流",))
    late = make_product(name="能耗在线监测平台", stages=("能耗管理",))
    db.session.execute(insert(IndexTask).values(id=start + 2, kind="product", object_id=early.id))
    db.session.commit()
    index_outbox.apply_pending()
    build = folders.live_build(app.config["SEARCH_INDEX_DIR"], "products")
    state = folders.read_cursor(build)
    assert state["task_id"] == start + 2
    assert [gap_id for gap_id, _ in state["gaps"]] == [start + 1]
    assert str(late.id) not in set(indexing.product_engine().ids())
    db.session.execute(insert(IndexTask).values(id=start + 1, kind="product", object_id=late.id))
    db.session.commit()
    index_outbox.apply_pending()
    assert str(late.id) in set(indexing.product_engine().ids())
    assert folders.read_cursor(build)["gaps"] == []
