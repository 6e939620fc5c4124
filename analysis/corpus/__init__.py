"""Reading a corpus: readers, metadata, segmentation, boilerplate, offline NLTK set-up."""
