//! supportscan: finds AWS Support role problems in Terraform plans and state and in
//! CloudFormation templates.
//!
//! The pipeline: [`discover`] finds inputs, [`detect`] tells their kind by content,
//! [`document`] parses them with positions, [`load`] turns them into resources, [`graph`]
//! links IAM roles, users, groups, policies and trust into one graph, [`iam`] answers IAM
//! questions over it, and [`report`] renders what was found. [`inputs`] runs the first
//! four stages over every file in parallel; [`scan`] adds the graph; [`pipeline`] runs
//! the whole scan as the command does, from settings to an outcome that renders reports.

pub mod accounts;
pub mod baseline;
pub mod cli;
pub mod colour;
pub mod counted;
pub mod detect;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod engine;
pub mod graph;
pub mod iam;
pub mod inputs;
pub mod lang;
pub mod load;
pub mod output;
pub mod pipeline;
pub mod problem;
pub mod progress;
pub mod report;
pub mod scan;
pub mod source;
pub mod source_root;
pub mod suppress;
pub mod tfsource;
pub mod untrusted;
pub mod visible;
pub mod wrap;
