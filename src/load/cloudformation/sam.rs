//! The parts of the SAM transform (`AWS::Serverless-2016-10-31`) that decide IAM: the
//! `Globals` section merged into serverless resources, and the execution role SAM creates
//! for a function or state machine that names no `Role`.
//!
//! Followed from the SAM translator (`samtranslator/plugins/globals/globals.py`,
//! `model/role_utils/role_constructor.py`, `model/sam_resources.py`,
//! `model/stepfunctions/generators.py`): globals merge mappings key by key, concatenate
//! lists and otherwise let the resource's own value win; `Role` and `Policies` are never
//! globals. The role is `<LogicalId>Role`, carries the resource's `Condition`, trusts
//! `lambda.amazonaws.com` (or `states.amazonaws.com`, or the function's own
//! `AssumeRolePolicyDocument`), gets `AWSLambdaBasicExecutionRole` (and the VPC access policy
//! with `VpcConfig`) for functions, the managed policies and inline documents of `Policies`,
//! `RolePath` and `PermissionsBoundary`.
//!
//! Not reproduced, because they never grant or reveal support access: SAM policy templates
//! (`- DynamoDBCrudPolicy: {...}`, expanded by SAM into fixed service statements), the X-Ray
//! policy added by `Tracing`, dead-letter-queue and event-destination policies, tags, and a
//! `Role` chosen by `Fn::If` (the role is then taken as not generated).

use crate::document::{Entry, Node, NodeValue};
use crate::source::Span;

const SERVERLESS_PREFIX: &str = "AWS::Serverless::";
const FUNCTION: &str = "AWS::Serverless::Function";
const STATE_MACHINE: &str = "AWS::Serverless::StateMachine";

/// How deep the globals merge follows nested mappings; the parser bounds nesting already,
/// this keeps the merge bounded on its own.
const MAX_MERGE_DEPTH: usize = 64;

/// AWS managed policies that SAM users name bare but that live under `service-role/`
/// (SAM resolves names through a table of all managed policies; other names are at the root
/// path, as every support-related policy is).
const SERVICE_ROLE_POLICIES: &[&str] = &[
    "AWSLambdaBasicExecutionRole",
    "AWSLambdaVPCAccessExecutionRole",
    "AWSLambdaRole",
    "AWSLambdaKinesisExecutionRole",
    "AWSLambdaDynamoDBExecutionRole",
    "AWSLambdaSQSQueueExecutionRole",
    "AWSLambdaMSKExecutionRole",
    "AWSLambdaENIManagementAccess",
];

/// The properties of a serverless resource with the template's `Globals` for its type
/// merged in, or `None` when no globals apply.
pub(super) fn with_globals(
    globals: Option<&Node>,
    resource_type: &str,
    declaration: &Node,
    properties: Option<&Node>,
) -> Option<Node> {
    let section = resource_type.strip_prefix(SERVERLESS_PREFIX)?;
    let global = globals?.get(section)?;
    let ignored = declaration.get("IgnoreGlobals");
    if ignored.and_then(Node::as_str) == Some("*") {
        return None;
    }
    let ignored: Vec<&str> = ignored
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(Node::as_str)
        .collect();
    let entries: Vec<Entry> = global
        .as_map()?
        .iter()
        .filter(|entry| !ignored.contains(&&*entry.key))
        .cloned()
        .collect();
    let global = Node::new(global.span, NodeValue::Map(entries));
    let local = properties
        .cloned()
        .unwrap_or_else(|| Node::new(declaration.span, NodeValue::Map(Vec::new())));
    Some(merge(&global, &local, 0))
}

/// SAM's merge: the local value wins, except that two mappings merge key by key and two
/// lists are concatenated (an intrinsic function counts as a plain value).
fn merge(global: &Node, local: &Node, depth: usize) -> Node {
    if depth > MAX_MERGE_DEPTH {
        return local.clone();
    }
    match (&global.value, &local.value) {
        (NodeValue::Seq(global_items), NodeValue::Seq(local_items)) => {
            let items = global_items.iter().chain(local_items).cloned().collect();
            Node::new(local.span, NodeValue::Seq(items))
        }
        (NodeValue::Map(global_entries), NodeValue::Map(local_entries))
            if !is_intrinsic(global) && !is_intrinsic(local) =>
        {
            let mut merged: Vec<Entry> = global_entries.clone();
            for entry in local_entries {
                match merged.iter_mut().find(|m| m.key == entry.key) {
                    Some(existing) => {
                        existing.value = merge(&existing.value, &entry.value, depth + 1);
                        existing.key_span = entry.key_span;
                    }
                    None => merged.push(entry.clone()),
                }
            }
            Node::new(local.span, NodeValue::Map(merged))
        }
        _ => local.clone(),
    }
}

fn is_intrinsic(node: &Node) -> bool {
    matches!(node.as_map(), Some([entry]) if &*entry.key == "Ref" || entry.key.starts_with("Fn::"))
}

/// The properties of the execution role SAM creates for resource `logical_id` (declared at
/// `key_span`), or `None` when SAM creates none.
pub(super) fn execution_role(
    logical_id: &str,
    key_span: Span,
    resource_type: &str,
    properties: &Node,
) -> Option<Node> {
    if properties.get("Role").is_some() {
        return None;
    }
    let policies = policy_items(properties.get("Policies"));
    let (service, mut managed) = match resource_type {
        FUNCTION => {
            let mut managed = vec![managed_policy(key_span, "AWSLambdaBasicExecutionRole")];
            if properties.get("VpcConfig").is_some() {
                managed.push(managed_policy(key_span, "AWSLambdaVPCAccessExecutionRole"));
            }
            ("lambda.amazonaws.com", managed)
        }
        // A state machine without Role needs Policies, else SAM rejects it.
        STATE_MACHINE if !policies.is_empty() => ("states.amazonaws.com", Vec::new()),
        _ => return None,
    };
    let role_id = format!("{logical_id}Role");
    let mut inline = Vec::new();
    for (index, item) in policies.iter().enumerate() {
        let policy_name = format!("{role_id}Policy{index}");
        match classify(item) {
            PolicyItem::Managed => push_unique(&mut managed, managed_policy_node(item)),
            PolicyItem::Document => inline.push(inline_policy(item, &policy_name)),
            PolicyItem::ConditionalDocument => {
                inline.push(map_branches(item, |branch| {
                    inline_policy(branch, &policy_name)
                }));
            }
            PolicyItem::Template => {}
        }
    }
    let trust = match (resource_type, properties.get("AssumeRolePolicyDocument")) {
        (FUNCTION, Some(document)) => document.clone(),
        _ => trust_policy(key_span, service),
    };
    let mut entries = vec![entry(key_span, "AssumeRolePolicyDocument", trust)];
    if !managed.is_empty() {
        let list = Node::new(key_span, NodeValue::Seq(managed));
        entries.push(entry(key_span, "ManagedPolicyArns", list));
    }
    if !inline.is_empty() {
        entries.push(entry(
            key_span,
            "Policies",
            Node::new(key_span, NodeValue::Seq(inline)),
        ));
    }
    for (from, to) in [
        ("RolePath", "Path"),
        ("PermissionsBoundary", "PermissionsBoundary"),
    ] {
        if let Some(value) = properties.get(from) {
            entries.push(entry(key_span, to, value.clone()));
        }
    }
    Some(Node::new(key_span, NodeValue::Map(entries)))
}

/// What SAM makes of one `Policies` item.
enum PolicyItem {
    /// A managed policy name or ARN, literal or computed.
    Managed,
    /// An inline policy document (a mapping with `Statement`).
    Document,
    /// `Fn::If` choosing between inline policy documents (or none).
    ConditionalDocument,
    /// A SAM policy template (`DynamoDBCrudPolicy: {...}`) or anything SAM would reject.
    Template,
}

fn classify(item: &Node) -> PolicyItem {
    match &item.value {
        NodeValue::String(_) => PolicyItem::Managed,
        NodeValue::Map(_) if item.get("Fn::If").is_some() && is_intrinsic(item) => {
            let branches = if_branches(item);
            if branches
                .iter()
                .any(|branch| branch.get("Statement").is_some())
            {
                PolicyItem::ConditionalDocument
            } else {
                PolicyItem::Managed
            }
        }
        NodeValue::Map(_) if is_intrinsic(item) => PolicyItem::Managed,
        NodeValue::Map(_) if item.get("Statement").is_some() => PolicyItem::Document,
        _ => PolicyItem::Template,
    }
}

/// `Policies` as a list: SAM accepts one item given alone.
fn policy_items(policies: Option<&Node>) -> Vec<Node> {
    match policies {
        None => Vec::new(),
        Some(node) => match &node.value {
            NodeValue::Seq(items) => items.clone(),
            NodeValue::Null => Vec::new(),
            _ => vec![node.clone()],
        },
    }
}

fn if_branches(node: &Node) -> Vec<&Node> {
    match node.get("Fn::If").and_then(Node::as_seq) {
        Some([_, when_true, when_false]) => vec![when_true, when_false],
        _ => Vec::new(),
    }
}

/// The managed policy entry for an item: a name becomes its ARN in the stack's partition
/// (also inside `Fn::If` branches); ARNs and computed values stay as written.
fn managed_policy_node(item: &Node) -> Node {
    match item.as_str() {
        Some(name) => managed_policy(item.span, name),
        None if item.get("Fn::If").is_some() => {
            map_branches(item, |branch| match branch.as_str() {
                Some(name) => managed_policy(branch.span, name),
                None => branch.clone(),
            })
        }
        None => item.clone(),
    }
}

/// The ARN SAM writes for managed policy `name`: names that are not IAM names, and ARNs,
/// are passed through as SAM passes them.
fn managed_policy(span: Span, name: &str) -> Node {
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c));
    if name.starts_with("arn:") || !is_name {
        return Node::new(span, NodeValue::String(name.into()));
    }
    let path = if SERVICE_ROLE_POLICIES.contains(&name) {
        "service-role/"
    } else {
        ""
    };
    let arn = format!("arn:${{AWS::Partition}}:iam::aws:policy/{path}{name}");
    Node::new(
        span,
        NodeValue::Map(vec![entry(
            span,
            "Fn::Sub",
            Node::new(span, NodeValue::String(arn.into())),
        )]),
    )
}

/// Adds a managed policy unless the same literal one is there (SAM de-duplicates, mainly
/// for `AWSLambdaBasicExecutionRole` named again in `Policies`).
fn push_unique(managed: &mut Vec<Node>, policy: Node) {
    let same = |a: &Node, b: &Node| strip_spans(a) == strip_spans(b);
    if !managed.iter().any(|existing| same(existing, &policy)) {
        managed.push(policy);
    }
}

fn strip_spans(node: &Node) -> Node {
    let value = match &node.value {
        NodeValue::Seq(items) => NodeValue::Seq(items.iter().map(strip_spans).collect()),
        NodeValue::Map(entries) => NodeValue::Map(
            entries
                .iter()
                .map(|e| entry(Span::default(), &e.key, strip_spans(&e.value)))
                .collect(),
        ),
        scalar => scalar.clone(),
    };
    Node::new(Span::default(), value)
}

fn inline_policy(document: &Node, policy_name: &str) -> Node {
    let span = document.span;
    let name = Node::new(span, NodeValue::String(policy_name.into()));
    Node::new(
        span,
        NodeValue::Map(vec![
            entry(span, "PolicyName", name),
            entry(span, "PolicyDocument", document.clone()),
        ]),
    )
}

/// `Fn::If` with `convert` applied to each branch that is not `AWS::NoValue`.
fn map_branches(node: &Node, convert: impl Fn(&Node) -> Node) -> Node {
    let Some(entry_if) = node.entry("Fn::If") else {
        return node.clone();
    };
    let Some([condition, when_true, when_false]) = entry_if.value.as_seq() else {
        return node.clone();
    };
    let branch = |value: &Node| {
        let is_no_value = value.get("Ref").and_then(Node::as_str) == Some("AWS::NoValue");
        if is_no_value {
            value.clone()
        } else {
            convert(value)
        }
    };
    let arguments = vec![condition.clone(), branch(when_true), branch(when_false)];
    let arguments = Node::new(entry_if.value.span, NodeValue::Seq(arguments));
    Node::new(
        node.span,
        NodeValue::Map(vec![Entry {
            key: entry_if.key.clone(),
            key_span: entry_if.key_span,
            value: arguments,
        }]),
    )
}

fn trust_policy(span: Span, service: &str) -> Node {
    let text = |s: &str| Node::new(span, NodeValue::String(s.into()));
    let list = |items: Vec<Node>| Node::new(span, NodeValue::Seq(items));
    let map = |entries: Vec<Entry>| Node::new(span, NodeValue::Map(entries));
    let principal = map(vec![entry(span, "Service", list(vec![text(service)]))]);
    let statement = map(vec![
        entry(span, "Action", list(vec![text("sts:AssumeRole")])),
        entry(span, "Effect", text("Allow")),
        entry(span, "Principal", principal),
    ]);
    map(vec![
        entry(span, "Version", text("2012-10-17")),
        entry(span, "Statement", list(vec![statement])),
    ])
}

fn entry(key_span: Span, key: &str, value: Node) -> Entry {
    Entry {
        key: key.into(),
        key_span,
        value,
    }
}

#[cfg(test)]
#[path = "sam_tests.rs"]
mod tests;
