"""Retrieval for 数转通: encoders, vector store, Whoosh index, fusion, ranker, evaluation.

Plain data in and out (ids, texts, fields, scores): imports neither marketplace/ nor models/.
"""
