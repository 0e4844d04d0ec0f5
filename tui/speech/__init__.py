"""Speech: the speaker (pyttsx3) and listener (SpeechRecognition + Whisper) interfaces.

Only the small interfaces live here; real engines are imported lazily by their modules.
"""
