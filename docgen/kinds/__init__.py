"""One folder per kind of document; ``docgen.registry`` lists them."""
