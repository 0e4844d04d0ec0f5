"""followup: rehearse the follow-up phone call after a job interview.

Kept empty on purpose: importing the package must stay cheap (no Textual, no speech
engines) so the command line starts fast and the domain imports without the UI.
"""

__version__ = "0.1.0"
