"""Plain functions that load, validate and render the course's content.

Nothing here imports MkDocs: the hooks in ../ are thin event handlers around these functions,
and the tests call them directly.
"""
