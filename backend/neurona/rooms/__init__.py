"""Classroom rooms: a teacher, students joined by code and name, shared presets, quotas and a challenge."""
