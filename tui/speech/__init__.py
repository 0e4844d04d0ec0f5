"""Speech for voice mode. Every engine is imported lazily, by the module that uses it.

- interfaces: Voice, Heard, the Speaker and Listener protocols, scripted versions.
- tts: PyttsxSpeaker (pyttsx3 + eSpeak NG, one engine thread; renders the likely replies
  ahead: speculate()), render_to_wav.
  player: aplay / sounddevice / silent players; effects: phone line; sounds: ring, beep.
- stt: load_recognizer() -> Whisper tiny.en (kept loaded) or pocketsphinx; voice_recognizer()
  (voice mode's exact settings, shared by the app and the CLI); Transcript.
  window: Whisper's encoder on a window shorter than 30 s (most of a short piece's cost).
- audio: read_audio (the one reader: any format PyAV decodes, 120 s cap), WAV out.
- listener: MicListener, WavListener, audio_files; sources: microphone and WAV sources.
- probe: probe_audio() says which audio devices voice mode can use.
- cli: `followup doctor`, `followup transcribe`, `followup say`.
"""
