"""Reports: run the notebooks (papermill), render HTML and the index, check and strip notebooks."""
