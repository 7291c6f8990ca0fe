//! The rule engine: loads rule files ([`ruleset`]) and runs them over a scan's graph
//! ([`run`]): expressions evaluate to three-valued [`value`]s ([`eval`], [`compare`],
//! [`fields`], [`functions`]), and failed checks become [`finding`]s.

pub mod compare;
pub mod context;
pub mod docs;
pub mod eval;
pub mod explain;
pub mod fields;
pub mod finding;
pub mod functions;
pub mod listing;
pub mod memo;
pub mod render;
pub mod ruleset;
pub mod run;
pub mod selection;
pub mod testing;
pub mod value;

pub use context::Context;
pub use finding::{Finding, NotEvaluable};
pub use ruleset::{LoadedRules, Rule, RuleOrigin, RuleSet, load_rules};
pub use run::{Outcome, RunOptions, run_rules};

#[cfg(test)]
mod tests;
