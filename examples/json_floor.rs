//! The serde_json floor for the benchmarks (bench/run.sh): reads a JSON file and parses it
//! into an untyped `serde_json::Value`, the least any JSON-reading scanner must do.
//!
//! usage: cargo run --release --example json_floor -- FILE.json

use anyhow::Context;

fn main() -> anyhow::Result<()> {
    let path = std::env::args_os()
        .nth(1)
        .context("usage: json_floor FILE.json")?;
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.to_string_lossy()))?;
    let value: serde_json::Value = serde_json::from_str(&text).context("not JSON")?;
    // Printed so that the parse cannot be optimised away.
    let entries = value.as_object().map_or(0, serde_json::Map::len);
    println!("{entries}");
    Ok(())
}
