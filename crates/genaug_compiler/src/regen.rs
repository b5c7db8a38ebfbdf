//! SKELETON — merging a freshly compiled tool with the reviewed one on disk.
