"""jizhu (集注): annotated transcripts published in Traditional and Simplified Chinese."""

__version__ = "0.1.0"
