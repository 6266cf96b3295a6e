"""The labelled corpus of the NLU (see README.md); `nlu.corpus.check` validates it."""
