//! The rule engine: loads rule files ([`ruleset`]) and runs them over a scan's graph.

pub mod listing;
pub mod ruleset;

pub use ruleset::{LoadedRules, Rule, RuleOrigin, RuleSet, load_rules};
