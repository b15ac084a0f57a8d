"""Files and tables: JSON/TOML, CSV, Excel, pandas frames, e3value, and the suffix registry."""
