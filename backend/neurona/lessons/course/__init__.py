"""The seven classes of the course, one module each; every module's LESSONS lists its lessons in order."""
