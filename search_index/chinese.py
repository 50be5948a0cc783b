"""Chinese text analysis for Whoosh: jieba segmentation, lower-cased, stop words dropped."""

import logging

import jieba
from whoosh.analysis import LowercaseFilter, StopFilter, Token, Tokenizer

jieba.setLogLevel(logging.WARNING)

STOP_WORDS = frozenset(
    "的 了 和 与 及 或 等 是 在 对 为 以 将 把 被 让 从 到 由 也 都 而 并 其 这 那 个 一 我们 我 公司 企业 "
    "需要 希望 进行 实现 提供 通过 可以 能够 目前 现在 一套 一个 帮助 支持 相关 方面 问题 情况 "
    "a an the and or of to in for on with is are be by".split()
)


class JiebaTokenizer(Tokenizer):
    """Search-engine mode segmentation: long words and their parts are both indexed."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (word, start, end) in enumerate(jieba.tokenize(value, mode="search")):
            if not any(ch.isalnum() for ch in word):  # punctuation, spaces
                continue
            token.original = token.text = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def chinese_analyzer():
    return JiebaTokenizer() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1)


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order, for explanations and query building."""
    return [t.text for t in chinese_analyzer()(text)]
