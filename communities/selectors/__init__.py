"""Reads that span models or depend on who looks, one module per area. They return querysets or
plain values, annotated so that a page costs a constant number of queries; they never write.
"""
