//! `--baseline FILE.sarif`: the findings of an earlier run, by fingerprint. A finding
//! already there is reported as unchanged and does not fail the gate; a new one does.

use std::collections::BTreeSet;
use std::path::Path;

use crate::engine::Finding;
use crate::problem::Problem;

/// Problem code of a baseline that cannot be read.
pub const BASELINE_INVALID: &str = "baseline-invalid";

/// The key of our fingerprints in SARIF `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "supportscan/v1";

/// The fingerprints of every result of a SARIF file written by supportscan.
pub fn read_baseline(path: &Path) -> Result<BTreeSet<String>, Problem> {
    let fail = |why: String| {
        Problem::error_without_place(
            BASELINE_INVALID,
            format!("--baseline {}: {why}", path.display()),
        )
    };
    let text = std::fs::read_to_string(path).map_err(|error| fail(error.to_string()))?;
    let sarif: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| fail(format!("not JSON ({error})")))?;
    let runs = sarif
        .get("runs")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| fail("not a SARIF log (no `runs`)".to_owned()))?;
    Ok(runs
        .iter()
        .filter_map(|run| run.get("results").and_then(serde_json::Value::as_array))
        .flatten()
        .filter_map(|result| {
            result
                .get("partialFingerprints")
                .and_then(|prints| prints.get(FINGERPRINT_KEY))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        })
        .collect())
}

/// Marks the findings whose fingerprint the baseline has. A baseline written before
/// fingerprints named files from the repository root matches too, when this scan names
/// the files as that one did (run from the same directory, with the same paths).
pub fn mark_unchanged(findings: &mut [Finding], baseline: &BTreeSet<String>) {
    for finding in findings {
        finding.unchanged = baseline.contains(&finding.fingerprint)
            || finding
                .fingerprint_as_named
                .as_ref()
                .is_some_and(|earlier| baseline.contains(earlier));
    }
}
