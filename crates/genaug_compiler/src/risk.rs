//! SKELETON — the method → risk table.
