"""How a learner installs the library: one string for the pages, notebooks, zips and nox.

Kept free of imports so that the noxfile can read it before any environment exists.
"""

# The library and everything the gallery's examples import (the `examples` extra).
INSTALL_COMMAND = 'pip install "deeplearn-notes[examples]"'
# The same from a clone of the repository.
INSTALL_FROM_CLONE = 'pip install ".[examples]"'
