//! The IAM resource graph.
