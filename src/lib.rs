//! supportscan: finds AWS Support role problems in Terraform plans and state and in
//! CloudFormation templates.
//!
//! The pipeline: [`discover`] finds inputs and tells their kind by content, [`document`]
//! parses them with positions, [`load`] turns them into resources, [`graph`] links IAM
//! roles, users, groups, policies and trust into one graph.

pub mod document;
pub mod graph;
pub mod load;
pub mod problem;
pub mod source;
