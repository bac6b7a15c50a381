"""Turning text into sound: normalize, synthesize (pyttsx3 / eSpeak NG), encode (MP3)."""
