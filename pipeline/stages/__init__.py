"""The stages that annotate a document: ingest, spacing, structure, tokens (MeCab through fugashi and UniDic), and the run of them (run)."""
