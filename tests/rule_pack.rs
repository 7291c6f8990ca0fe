//! The built-in rule pack passes its own tests: the same runner as `supportscan rules
//! test`, over the pack embedded in the binary.

use supportscan::engine::testing::{Store, test_rules};

#[test]
fn every_built_in_rule_passes_its_tests() {
    let report = test_rules(&Store::Embedded);
    assert!(report.passed(), "\n{}", report.render());
}
