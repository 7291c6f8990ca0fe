//! Account snapshots: the live account's IAM as `aws iam get-account-authorization-details`
//! prints it, and its AWS Support App Slack channels as `aws support-app
//! list-slack-channel-configurations` prints them, turned into [`LoadedInput`].
//!
//! Every entity becomes one [`Resource`] whose address is its ARN and whose type is the IAM
//! API's name for it ([`ROLE`], [`USER`], [`GROUP`], [`POLICY`], [`CHANNEL`]); its
//! properties are the keys the graph reads, each with the span of its value in the file,
//! under the API's own names (`RoleName`, `AttachedManagedPolicies`, ...). A customer
//! managed policy keeps only its default version's document (as `Document`). The page
//! itself is one more resource ([`DETAILS_PAGE`], [`CHANNELS_PAGE`]) that says which lists
//! it holds and whether more pages follow, so that the pages of one account can be joined
//! ([`pages`]).
//!
//! Large snapshots are read like Terraform plans: serde_json into structs that borrow each
//! entity's raw text, entities converted in parallel, documents read to the statement
//! level with their own positions (docs/design.md, "Account snapshots").

mod channels;
mod cut;
mod details;
mod document;
mod json;
pub mod pages;

#[cfg(test)]
mod tests;

use crate::load::value::{Field, Value, ValueKind};
use crate::load::{Change, LoadedInput, Mode, Resource};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Resource type of an IAM role of a snapshot (`RoleDetailList` entry).
pub const ROLE: &str = "RoleDetail";
/// Resource type of an IAM user of a snapshot (`UserDetailList` entry).
pub const USER: &str = "UserDetail";
/// Resource type of an IAM group of a snapshot (`GroupDetailList` entry).
pub const GROUP: &str = "GroupDetail";
/// Resource type of a managed policy of a snapshot (`Policies` entry).
pub const POLICY: &str = "ManagedPolicyDetail";
/// Resource type of a Support App Slack channel configuration.
pub const CHANNEL: &str = "SlackChannelConfiguration";
/// Resource type (and address) of a page of `get-account-authorization-details`.
pub const DETAILS_PAGE: &str = "AccountAuthorizationDetails";
/// Resource type (and address) of a page of `list-slack-channel-configurations`.
pub const CHANNELS_PAGE: &str = "SlackChannelConfigurations";

/// The top-level keys that make a JSON document an authorization details snapshot.
pub const DETAILS_LISTS: [&str; 4] = [
    "UserDetailList",
    "GroupDetailList",
    "RoleDetailList",
    "Policies",
];

/// The top-level key of a Support App channel list.
pub const CHANNELS_LIST: &str = "slackChannelConfigurations";

/// Loads `aws iam get-account-authorization-details` JSON (one page or all of them).
pub fn load_details(file: &SourceFile, id: FileId) -> Result<LoadedInput, Problem> {
    details::load(file, id)
}

/// Loads `aws support-app list-slack-channel-configurations` JSON.
pub fn load_channels(file: &SourceFile, id: FileId) -> Result<LoadedInput, Problem> {
    channels::load(file, id)
}

/// Whether a resource type is one of a snapshot's pages (not an entity).
pub fn is_page(resource_type: &str) -> bool {
    resource_type == DETAILS_PAGE || resource_type == CHANNELS_PAGE
}

/// The account ID in an IAM ARN (`arn:aws:iam::111122223333:role/x`), when it has one of
/// twelve digits.
pub fn account_of_arn(arn: &str) -> Option<&str> {
    let mut fields = arn.splitn(6, ':');
    let (Some("arn"), Some(_), Some(_), Some(_), Some(account)) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return None;
    };
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// A snapshot resource: present in the account, as it is.
fn entity(address: Box<str>, resource_type: &str, span: Span, fields: Vec<Field>) -> Resource {
    Resource {
        address,
        resource_type: resource_type.into(),
        mode: Mode::Managed,
        span,
        properties: Value::new(span, ValueKind::Map(fields)),
        change: Change::Declared,
        condition: None,
        cdk_path: None,
        suppressions: Vec::new(),
    }
}

/// A field whose key is written where its value is (serde_json gives no key positions).
fn field(key: &str, value: Value) -> Field {
    Field {
        key: key.into(),
        key_span: value.span,
        value,
    }
}
