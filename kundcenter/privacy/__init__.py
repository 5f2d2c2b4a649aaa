"""Data protection: processing log, incident register and data-subject rights."""
