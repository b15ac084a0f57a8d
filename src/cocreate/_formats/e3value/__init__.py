"""Reading e3value models (RDF/XML) safely, and turning their value flows into an initiative."""
