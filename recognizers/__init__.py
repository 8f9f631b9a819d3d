"""baomi's recognizers: Presidio recognizers for Chinese customer information, and the fast path that runs them.

Importing the package leaves spaCy's command line for first use (``deferred_imports.defer_spacy_cli``): every
process that builds a detector imports spaCy through Presidio, and never runs a spaCy command.
"""

from recognizers.deferred_imports import defer_spacy_cli

defer_spacy_cli()
