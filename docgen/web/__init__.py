"""``docgen serve``: a local web workspace over a contracts repository.

Above the commands: it calls ``docgen check``, ``build``, ``new`` and ``budget apply`` as
they are, and nothing but the CLI imports it. The files it writes go through docgen's
journal under the repository's lock, as the commands' do.
"""
