"""`match bench`: a deterministic synthetic catalog built from the scene vocabulary, indexed in
a temporary folder, then needs run through the whole pipeline (encode, BM25, vectors, stage
inference, fusion, re-ranking, highlighting), with throughput, latency and memory."""

import random
import resource
import tempfile
import time

import numpy as np

from search_index.engine import Query, SearchEngine
from search_index.lexical import Document
from search_index.ranker import FormulaRanker
from search_index.stage_lexicon import STAGE_KEYWORDS

SEED = 20240228
SUB_INDUSTRIES = [str(i) for i in range(1, 25)]
BATCH = 1000
PRODUCT_KINDS = ("系统", "平台", "云服务", "小程序", "一体机", "解决方案", "SaaS", "管理软件")
INDUSTRY_WORDS = (
    "电子元器件",
    "注塑",
    "五金",
    "纺织",
    "印染",
    "服装",
    "食品",
    "饮料",
    "家具",
    "陶瓷",
    "汽车零部件",
    "机械加工",
    "化工",
    "新材料",
    "医药",
    "PCB",
    "锂电",
    "光伏组件",
    "包装",
    "建材",
)
BENEFITS = (
    "上线快，一周即可使用",
    "支持手机和平板",
    "降低人工成本",
    "数据实时可见",
    "按年订阅",
    "提供本地实施团队",
    "可对接ERP和财务系统",
    "支持私有部署",
    "提升交期达成率",
    "减少差错",
)
NEED_OPENERS = ("我们是一家", "公司是做", "本厂主要生产", "我们工厂做")
NEED_PAINS = (
    "现在全靠纸质单据和Excel",
    "数据不及时，老板看不到",
    "经常出错返工",
    "人工成本越来越高",
    "客户要求越来越严",
    "管理很混乱",
)


def synthetic_products(n: int, seed: int = SEED) -> list[Document]:
    rng = random.Random(seed)
    stages = list(STAGE_KEYWORDS)
    docs = []
    for i in range(n):
        own = rng.sample(stages, rng.choice((1, 1, 1, 2, 2, 3)))
        words = [w for s in own for w in rng.sample(STAGE_KEYWORDS[s], 3)]
        industry = rng.choice(INDUSTRY_WORDS)
        name = f"{industry}{rng.choice(words)}{rng.choice(PRODUCT_KINDS)}{i}"
        summary = f"面向{industry}企业的{'、'.join(own)}数字化工具，{rng.choice(BENEFITS)}"
        description = (
            f"覆盖{'、'.join(words)}等场景，{rng.choice(BENEFITS)}，{rng.choice(BENEFITS)}。"
        )
        scopes = rng.sample(SUB_INDUSTRIES, rng.choice((1, 2, 3)))
        if rng.random() < 0.2:
            scopes.append("generic")
        docs.append(Document(i + 1, name, summary, description, "", own, scopes))
    return docs


def synthetic_needs(q: int, seed: int = SEED + 1) -> list[Query]:
    rng = random.Random(seed)
    stages = list(STAGE_KEYWORDS)
    queries = []
    for _ in range(q):
        stage = rng.choice(stages)
        words = rng.sample(STAGE_KEYWORDS[stage], 3)
        text = (
            f"{rng.choice(NEED_OPENERS)}{rng.choice(INDUSTRY_WORDS)}的企业，"
            f"{words[0]}和{words[1]}{rng.choice(NEED_PAINS)}，希望解决{words[2]}的问题"
        )
        sub = rng.choice(SUB_INDUSTRIES)
        tagged = [stage] if rng.random() < 0.5 else []
        queries.append(Query(text, tagged, [sub, "generic"], [sub]))
    return queries


def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(encoder, stage_model, n_products: int, n_queries: int, progress=None) -> dict:
    products = synthetic_products(n_products)
    queries = synthetic_needs(n_queries)
    short = [q.text[:100] for q in synthetic_needs(max(500, n_queries), seed=SEED + 2)]
    encoder.encode(short[:20])  # warm up
    started = time.perf_counter()
    encoder.encode(short, batch_size=128)
    encode_rate = len(short) / (time.perf_counter() - started)

    ranker = FormulaRanker()
    with tempfile.TemporaryDirectory(prefix="match-bench-") as tmp:
        engine = SearchEngine(tmp, encoder, stage_model)
        started = time.perf_counter()
        batches = (products[start : start + BATCH] for start in range(0, n_products, BATCH))
        engine.index_many(batches, progress)
        index_rate = n_products / (time.perf_counter() - started)

        engine.hybrid(queries[0])  # warm the caches (masks, searcher)
        latencies, brute = [], []
        for query in queries:
            started = time.perf_counter()
            hits = engine.hybrid(query, limit=50)
            hits.sort(key=lambda h: -ranker.score(h.features))
            for hit in hits[:10]:
                engine.lexical.highlights(hit.id, query.text)
            latencies.append((time.perf_counter() - started) * 1000)
            vector = engine.encode_query(query.text)
            started = time.perf_counter()
            scores = engine.vectors.similarities(vector)
            np.argpartition(-scores, 10)[:10]
            brute.append((time.perf_counter() - started) * 1000)
        rss = _rss_mb()
        engine.lexical.close()
    return {
        "index_products_per_s": round(index_rate, 1),
        "encode_texts_per_s": round(encode_rate, 1),
        "query_ms_p50": round(float(np.percentile(latencies, 50)), 2),
        "query_ms_p95": round(float(np.percentile(latencies, 95)), 2),
        "bruteforce_ms_p50": round(float(np.percentile(brute, 50)), 2),
        "rss_mb": round(rss, 1),
    }
