"""Ways to run the pipeline's stages other than the in-process runner (``garrison.pipeline.run``)."""
