"""Which business scenes a need is about, inferred from its text when the enterprise tagged none.

Three signals, each a distribution over the stages, blended:
- lexicon: the scene words (stage_lexicon.STAGE_KEYWORDS) found in the text, longer words
  weighing more;
- prototypes: cosine similarity of the text to each stage's description, sharpened by a softmax;
- neighbours: the stage labels of the catalog documents closest to the text (dense and BM25),
  weighted by rank: the catalog's own labels vote.
"""

import numpy as np

from search_index.stage_lexicon import STAGE_DESCRIPTIONS, STAGE_KEYWORDS

WEIGHTS = {"lexicon": 0.5, "prototype": 0.2, "neighbours": 0.3}
PROTOTYPE_TEMPERATURE = 0.03
NEIGHBOURS = 8


class StageModel:
    def __init__(self, encoder, keywords=None, descriptions=None):
        self.keywords = {
            s: tuple(k.lower() for k in kw) for s, kw in (keywords or STAGE_KEYWORDS).items()
        }
        self.names: tuple[str, ...] = tuple(self.keywords)
        descriptions = descriptions or STAGE_DESCRIPTIONS
        self.prototypes = encoder.encode([descriptions.get(s, s) for s in self.names])

    def lexicon_scores(self, text: str) -> np.ndarray:
        text = text.lower()
        scores = np.zeros(len(self.names), dtype=np.float32)
        for j, stage in enumerate(self.names):
            for word in self.keywords[stage]:
                if word in text:
                    scores[j] += 1.0 + 0.5 * (len(word) - 2)
        return scores

    def infer(
        self, text: str, vector: np.ndarray, neighbour_stages: list[list[str]] = ()
    ) -> dict[str, float]:
        """Stage → weight in 0..1 (the most likely stage has 1), blended from the signals."""
        column = {s: j for j, s in enumerate(self.names)}
        parts = {}
        lexicon = self.lexicon_scores(text)
        if lexicon.sum() > 0:
            parts["lexicon"] = lexicon / lexicon.sum()
        sims = self.prototypes @ vector
        proto = np.exp((sims - sims.max()) / PROTOTYPE_TEMPERATURE)
        parts["prototype"] = proto / proto.sum()
        votes = np.zeros(len(self.names), dtype=np.float32)
        for rank, stages in enumerate(list(neighbour_stages)[:NEIGHBOURS]):
            for stage in stages:
                if stage in column:
                    votes[column[stage]] += 1.0 / (rank + 2) / len(stages)
        if votes.sum() > 0:
            parts["neighbours"] = votes / votes.sum()
        total = sum(WEIGHTS[k] for k in parts)
        blended = sum(WEIGHTS[k] * v for k, v in parts.items()) / total
        blended = blended / blended.max()
        return {s: float(blended[j]) for j, s in enumerate(self.names) if blended[j] >= 0.05}
