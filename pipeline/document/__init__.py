"""The document model: a document's texts and offsets (model) and the spans entities are (spans)."""
