"""The notebook suite. In an installed runmuscles this folder is the package ``runmuscles.suite``.

``runmuscles serve`` serves it and ``runmuscles notebooks DIR`` copies it (see pyproject.toml).
"""
