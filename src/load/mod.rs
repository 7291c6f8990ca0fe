//! Loaders: from a parsed input to the list of resources it declares, with their
//! properties evaluated as far as the input language allows.
//!
//! Each input kind has its own loader ([`terraform`], [`cloudformation`], [`snapshot`]); all
//! produce the same [`LoadedInput`], which is all the graph builder sees.

pub mod cloudformation;
pub mod snapshot;
pub mod terraform;
pub mod terraform_source;
pub mod value;

pub use value::{Field, Pseudo, Reference, TextPart, Unknown, Value, ValueKind};

use crate::problem::Problem;
use crate::source::{FileId, Span};

/// What kind of infrastructure code an input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// `terraform show -json` of a saved plan.
    TerraformPlan,
    /// `terraform show -json` of the state, or a raw `terraform.tfstate` (version 4).
    TerraformState,
    /// A CloudFormation template (JSON or YAML), SAM and CDK output included.
    CloudFormation,
    /// The live account: `aws iam get-account-authorization-details` or
    /// `aws support-app list-slack-channel-configurations` JSON.
    AccountSnapshot,
}

impl InputKind {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::TerraformPlan => "Terraform plan",
            InputKind::TerraformState => "Terraform state",
            InputKind::CloudFormation => "CloudFormation template",
            InputKind::AccountSnapshot => "account snapshot",
        }
    }
}

/// What a Terraform plan does to a resource; templates and state files declare resources
/// as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Declared by a template or present in a state file.
    Declared,
    /// Plan: created.
    Create,
    /// Plan: updated in place.
    Update,
    /// Plan: left as it is.
    NoOp,
    /// Plan: deleted (the resource's properties are its state before the plan).
    Delete,
    /// Plan: replaced, in either order (the properties are its new form).
    Replace,
    /// Plan: a data source read (during planning, or deferred to apply).
    Read,
    /// Plan: removed from state without being destroyed (`forget`).
    Forget,
}

impl Change {
    /// Whether the resource exists once the plan is applied.
    pub fn exists_after(self) -> bool {
        !matches!(self, Change::Delete | Change::Forget)
    }
}

/// Terraform's resource mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// A `resource` block (CloudFormation resources are managed too).
    Managed,
    /// A `data` block.
    Data,
}

/// One resource (or data source) declared by an input.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Terraform address exactly as Terraform prints it (`module.ops.aws_iam_role.this["support"]`)
    /// or CloudFormation logical ID.
    pub address: Box<str>,
    /// `aws_iam_role`, `AWS::IAM::Role`, ...
    pub resource_type: Box<str>,
    /// Managed resource or data source.
    pub mode: Mode,
    /// Where a user looks for it: the logical ID's key in a template, the resource's
    /// object in a plan or state file.
    pub span: Span,
    /// Properties (CloudFormation `Properties`, Terraform attribute values after the
    /// change; before it for a deletion). Always a [`ValueKind::Map`].
    pub properties: Value,
    /// What a plan does to it.
    pub change: Change,
    /// The condition it depends on, when it may or may not exist (CloudFormation
    /// `Condition`); rules treat it as one possibility.
    pub condition: Option<Box<str>>,
    /// The CDK construct path (`aws:cdk:path` metadata), for messages.
    pub cdk_path: Option<Box<str>>,
    /// Suppressions written on the resource (CloudFormation `Metadata`:
    /// `supportscan: {suppress: [{id, reason}]}`).
    pub suppressions: Vec<InlineSuppression>,
}

/// A suppression written on a resource.
#[derive(Clone, Debug, PartialEq)]
pub struct InlineSuppression {
    /// The rule ID it suppresses; `None` for an entry without one, or metadata without
    /// the `suppress` list (both refused).
    pub rule: Option<Box<str>>,
    /// Why (mandatory: a suppression without one is refused).
    pub reason: Option<Box<str>>,
    /// Where it is written.
    pub span: Span,
}

/// Everything one input file declared.
#[derive(Clone, Debug)]
pub struct LoadedInput {
    /// The file.
    pub file: FileId,
    /// Its kind.
    pub kind: InputKind,
    /// Its resources in document order.
    pub resources: Vec<Resource>,
    /// Problems found while loading (warnings; an error means the file did not load).
    pub problems: Vec<Problem>,
    /// A template's outputs and nested stacks, which other templates of the scan read.
    pub stack: Option<Box<cloudformation::StackInterface>>,
}
