"""Portfolio scans: many shops in one process, stored with history, exported for people and tools."""
