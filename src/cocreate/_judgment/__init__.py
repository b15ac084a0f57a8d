"""How sure a verdict is and what would change it: ranges, links, sweeps, what-if, fair split."""
