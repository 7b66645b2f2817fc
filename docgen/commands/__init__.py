"""What the ``docgen`` commands do, each one function returning a ``Result``: check,
build (and render, deliberation), budget, new. The CLI only parses and prints."""
