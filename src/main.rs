//! The `supportscan` command.

fn main() {}
