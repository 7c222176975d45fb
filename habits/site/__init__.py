"""The personal progress site: figures and pages from a scorecard, and the MkDocs plugin."""
