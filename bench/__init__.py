"""docgen's benchmark (``make bench``): synthetic contracts, then docgen's commands against
the hand-written docxtpl loop and the floor. See ``bench.run``."""
