"""The Textual app. Nothing outside this package imports textual.

Kept empty so `import tui.ui` costs nothing; screens are imported when first shown.
"""
