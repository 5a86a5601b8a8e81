"""The entity finders, one module or subpackage per kind (registered in kinds), the named-entity model (ner), organisation linking and contact blocks; finder runs them on a document."""
