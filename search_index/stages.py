"""Which business scenes a need is about, inferred from its text when the enterprise tagged none.

Three signals, each a distribution over the stages, blended:
- classifier: a logistic regression over the text's encoder vector and character n-grams,
  learned from stage-labelled products, the indicator's scene descriptions and dev needs
  (stage_classifier.py); its probabilities say how sure it is;
- lexicon: the scene words (stage_lexicon.STAGE_KEYWORDS) found in the text, longer words
  weighing more;
- neighbours: the stage labels of the catalog documents closest to the text (dense and BM25),
  weighted by rank: the catalog's own labels vote.
When no scene word is found and the classifier's best stage is below ABSTAIN, the model says
nothing ({}): retrieval alone ranks.
"""

import re

import numpy as np

from search_index.common_directions import CommonDirections
from search_index.stage_classifier import StageClassifier, default_rows, training_vectors
from search_index.stage_lexicon import STAGE_DESCRIPTIONS, STAGE_KEYWORDS

# the classifier leads: with ~1,000 need-like texts to learn from it names the stage of 94% of
# the phone-register dev needs, the lexicon 35% (its words are a specialist's). Chosen by the
# stage accuracy of cross-validation with each source left out whole (`flask match stages`):
# 0.782 here, 0.767 with lexicon 0.1 / neighbours 0.2, 0.775 without neighbours
WEIGHTS = {"classifier": 0.7, "lexicon": 0.15, "neighbours": 0.1}
ABSTAIN = 0.2  # classifier probability of its best stage under which, without lexicon, no stage
NEIGHBOURS = 8
# the blend, relative to its best stage, to this power: runners-up count less (chosen with
# engine.RETRIEVAL_MIX on the dev sets, each in turn left out of the choice: see there)
SHARPEN = 2.0


class StageModel:
    def __init__(self, encoder, keywords=None, descriptions=None, training=None, vectors=None):
        """training: rows {"text", "stages"} to learn from (default: the committed set plus the
        stage descriptions), vectors: theirs if known; the classifier is fitted here, once per
        process."""
        self.keywords = {
            s: tuple(k.lower() for k in kw) for s, kw in (keywords or STAGE_KEYWORDS).items()
        }
        self.names: tuple[str, ...] = tuple(self.keywords)
        # a Latin keyword counts as a whole word only: "oa" is not in "board", "hr" not in "three"
        self.latin = {
            s: [
                (k, re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])"))
                for k in kw
                if k.isascii()
            ]
            for s, kw in self.keywords.items()
        }
        rows = (
            training if training is not None else default_rows(descriptions or STAGE_DESCRIPTIONS)
        )
        texts = [r["text"] for r in rows]
        if vectors is None:
            vectors = training_vectors(encoder, texts)
        self.classifier = StageClassifier(self.names).fit(rows, vectors)
        # the same texts are this domain's corpus: what they all share is left out when a
        # need is compared with a product (common_directions.py)
        self.directions = CommonDirections.fit(texts, vectors)

    def lexicon_scores(self, text: str) -> np.ndarray:
        text = text.lower()
        scores = np.zeros(len(self.names), dtype=np.float32)
        for j, stage in enumerate(self.names):
            for word in self.keywords[stage]:
                if not word.isascii() and word in text:
                    scores[j] += 1.0 + 0.5 * (len(word) - 2)
            for word, pattern in self.latin[stage]:
                if pattern.search(text):
                    scores[j] += 1.0 + 0.5 * (len(word) - 2)
        return scores

    def signals(
        self, text: str, vector: np.ndarray, neighbour_stages: list[list[str]] = ()
    ) -> dict[str, np.ndarray]:
        """Each signal that has evidence, as a distribution over `names`."""
        column = {s: j for j, s in enumerate(self.names)}
        parts = {"classifier": self.classifier.predict([text], vector)[0]}
        lexicon = self.lexicon_scores(text)
        if lexicon.sum() > 0:
            parts["lexicon"] = lexicon / lexicon.sum()
        votes = np.zeros(len(self.names), dtype=np.float32)
        for rank, stages in enumerate(list(neighbour_stages)[:NEIGHBOURS]):
            for stage in stages:
                if stage in column:
                    votes[column[stage]] += 1.0 / (rank + 2) / len(stages)
        if votes.sum() > 0:
            parts["neighbours"] = votes / votes.sum()
        return parts

    def infer(
        self, text: str, vector: np.ndarray, neighbour_stages: list[list[str]] = ()
    ) -> dict[str, float]:
        """Stage → weight in 0..1 (the most likely stage has 1), blended from the signals;
        {} when unsure."""
        parts = self.signals(text, vector, neighbour_stages)
        if "lexicon" not in parts and parts["classifier"].max() < ABSTAIN:
            return {}
        total = sum(WEIGHTS[k] for k in parts)
        blended = sum(WEIGHTS[k] * v for k, v in parts.items()) / total
        blended = (blended / blended.max()) ** SHARPEN
        return {s: float(blended[j]) for j, s in enumerate(self.names) if blended[j] >= 0.05}
