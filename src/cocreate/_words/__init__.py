"""The words: sentences and text tables written from results, registered per result type."""
