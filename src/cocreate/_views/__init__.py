"""What people see: HTML views, pictures, the report, Mermaid and DOT."""
