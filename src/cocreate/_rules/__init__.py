"""The rules: the win test, the kind decision, the facts, the sums and the profile."""
