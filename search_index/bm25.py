"""Whoosh's BM25F, scored with NumPy over Whoosh's own postings.

Whoosh scores a posting at a time in Python; on a large catalog with a small vocabulary most
query terms are common and a query walks tens of thousands of postings (~0.5 s at 100k).
Here the postings of a (field, term) are read once per segment into two arrays (document
numbers, weights = term frequency × field boost) and kept; a query is, per term and field, one
vectorised BM25 formula over those arrays added into a score vector, then a top-k with
`np.argpartition`. The global statistics (idf, average field length) and the quantised
document lengths are Whoosh's own, so the scores are Whoosh's BM25F scores.

Segments are immutable in Whoosh: their arrays stay valid until the segment is merged away.
After a commit only the new (small) segments are read; deletions are a per-refresh mask.
"""

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.util.numeric import byte_to_length

B = 0.75
K1 = 1.2
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)


class SegmentPostings:
    """The postings and field lengths of one Whoosh segment, read lazily and kept."""

    def __init__(self, reader):
        self.reader = reader
        self.doc_count = reader.doc_count_all()
        self._lengths: dict[str, np.ndarray] = {}
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}

    def lengths(self, field: str) -> np.ndarray:
        if field not in self._lengths:
            self._lengths[field] = self._read_lengths(field)
        return self._lengths[field]

    def _read_lengths(self, field: str) -> np.ndarray:
        out = np.zeros(self.doc_count, dtype=np.uint8)
        try:  # the W3 codec keeps one length byte per document in a column: read it at once
            column = self.reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            if column is not None:
                count = min(column._count, self.doc_count)
                raw = column._dbfile.get(column._basepos, count)
                out[:count] = np.frombuffer(raw, dtype=np.uint8)
            return _LENGTH_OF_BYTE[out]
        except AttributeError:  # another codec: the public, slower way
            return np.array(
                [self.reader.doc_field_length(d, field, 0) or 0 for d in range(self.doc_count)],
                dtype=np.float64,
            )

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, term)
        if key not in self._postings:
            self._postings[key] = self._read_postings(field, term)
        return self._postings[key]

    def _read_postings(self, field: str, term: str):
        empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        if (field, term) not in self.reader:
            return empty
        matcher = self.reader.postings(field, term)
        ids, weights = [], []
        if isinstance(matcher, W3LeafMatcher):  # a block at a time
            while matcher.is_active():
                matcher._read_ids()
                matcher._read_weights()
                ids.append(np.asarray(matcher._ids, dtype=np.int32))
                weights.append(np.asarray(matcher._weights, dtype=np.float32))
                matcher._next_block()
        else:
            pairs = []
            while matcher.is_active():
                pairs.append((matcher.id(), matcher.weight()))
                matcher.next()
            if pairs:
                ids.append(np.array([p[0] for p in pairs], dtype=np.int32))
                weights.append(np.array([p[1] for p in pairs], dtype=np.float32))
        if not ids:
            return empty
        return np.concatenate(ids), np.concatenate(weights)


class NumpyBM25F:
    """BM25F scores of a whole Whoosh index for an OR of terms over weighted fields."""

    def __init__(self):
        self._segments: dict[str, SegmentPostings] = {}
        self._searcher = None
        self._leaves: list[tuple[SegmentPostings, int]] = []
        self._live: np.ndarray | None = None

    def clear(self) -> None:
        self._segments = {}
        self._searcher = None
        self._leaves = []
        self._live = None

    def _bind(self, searcher) -> None:
        """Follow the searcher's segments: keep the known ones, read new ones lazily."""
        if searcher is self._searcher:
            return
        leaves, seen = [], {}
        live = np.ones(searcher.doc_count_all(), dtype=bool)
        for reader, offset in searcher.reader().leaf_readers():
            if reader.segment() is None:  # the reader of an index with no segment yet
                continue
            key = f"{reader.segment().segment_id()}:{reader.doc_count_all()}"
            segment = self._segments.get(key) or SegmentPostings(reader)
            segment.reader = reader  # the previous searcher's readers are closed
            seen[key] = segment
            leaves.append((segment, offset))
            if reader.has_deletions():
                deleted = np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)
                live[offset + deleted[deleted < segment.doc_count]] = False
        self._segments, self._leaves, self._live = seen, leaves, live
        self._searcher = searcher

    def live(self, searcher) -> np.ndarray:
        """Documents not deleted (by global document number)."""
        self._bind(searcher)
        return self._live

    def term_mask(self, searcher, field: str, words) -> np.ndarray:
        """Documents (global numbers, deleted included) holding any of `words` in `field`."""
        self._bind(searcher)
        mask = np.zeros(searcher.doc_count_all(), dtype=bool)
        for word in words:
            for segment, offset in self._leaves:
                ids, _ = segment.postings(field, word)
                mask[offset + ids] = True
        return mask

    def scores(self, searcher, words, fields) -> np.ndarray:
        """float64 score per global document number; 0 where no term matched."""
        self._bind(searcher)
        total = np.zeros(searcher.doc_count_all(), dtype=np.float64)
        for field in fields:
            avg = searcher.avg_field_length(field) or 1
            for word in words:
                if not searcher.doc_frequency(field, word):
                    continue
                idf = searcher.idf(field, word)
                for segment, offset in self._leaves:
                    ids, weights = segment.postings(field, word)
                    if not len(ids):
                        continue
                    tf = weights.astype(np.float64)
                    norm = K1 * ((1 - B) + B * segment.lengths(field)[ids] / avg)
                    total[offset + ids] += idf * (tf * (K1 + 1)) / (tf + norm)
        return total


def top_k(scores: np.ndarray, allowed: np.ndarray | None, limit: int) -> np.ndarray:
    """Document numbers of the best `limit` positive scores, best first (ties: lower first)."""
    if limit <= 0:
        return np.zeros(0, dtype=np.int64)
    matched = scores > 0
    if allowed is not None:
        matched &= allowed
    candidates = np.flatnonzero(matched)
    if len(candidates) > limit:
        part = np.argpartition(-scores[candidates], limit - 1)[:limit]
        # keep every candidate tied with the last one so the tie order is by document number
        cutoff = scores[candidates[part]].min()
        candidates = candidates[scores[candidates] >= cutoff]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:limit]
