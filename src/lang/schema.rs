//! What rules can name, as data: the types of the rule language, the graph's top-level
//! collections, the fields of each kind of node, and the built-in functions with their
//! signatures.
//!
//! The checker resolves every name, field and call against this description, and the
//! evaluator implements exactly what it declares, so the two can never disagree about
//! what a rule may write. Field names follow docs/rule-language.md ("The graph"); their
//! meanings follow the graph model (src/graph/model.rs, docs/graph.md). Raw resource
//! properties are untyped: `resource.properties` and everything below it is [`Type::Any`].

use std::fmt;
use std::sync::OnceLock;

/// The kinds of graph value a rule can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An IAM role, service-linked roles included.
    Role,
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// A policy: customer managed, inline, AWS managed or external.
    Policy,
    /// An IAM Identity Center permission set.
    PermissionSet,
    /// An AWS Support App Slack channel configuration.
    Channel,
    /// An AWS Support App Slack workspace configuration.
    Workspace,
    /// A policy document (a trust policy or a policy's document).
    Document,
    /// One statement of a document.
    Statement,
    /// One principal entry of a statement's `Principal` or `NotPrincipal`.
    Principal,
    /// One condition test of a statement.
    Condition,
    /// The link from a principal to a policy it has.
    Attachment,
    /// A resource as the input declares it, with its raw properties.
    Resource,
    /// A resource a plan deletes or forgets.
    Deleted,
    /// A statement that allows an action, as `allowed` and `beyond` report it.
    Grant,
}

/// Every kind, in declaration order.
pub const KINDS: [Kind; 15] = [
    Kind::Role,
    Kind::User,
    Kind::Group,
    Kind::Policy,
    Kind::PermissionSet,
    Kind::Channel,
    Kind::Workspace,
    Kind::Document,
    Kind::Statement,
    Kind::Principal,
    Kind::Condition,
    Kind::Attachment,
    Kind::Resource,
    Kind::Deleted,
    Kind::Grant,
];

/// The principals that have policies: what `allows`, `has_aws_managed` and the other
/// permission functions accept.
pub const PRINCIPALS: &[Kind] = &[Kind::Role, Kind::User, Kind::Group, Kind::PermissionSet];

impl Kind {
    /// The kind's name as rules and messages write it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::User => "user",
            Kind::Group => "group",
            Kind::Policy => "policy",
            Kind::PermissionSet => "permission_set",
            Kind::Channel => "channel",
            Kind::Workspace => "workspace",
            Kind::Document => "document",
            Kind::Statement => "statement",
            Kind::Principal => "principal",
            Kind::Condition => "condition",
            Kind::Attachment => "attachment",
            Kind::Resource => "resource",
            Kind::Deleted => "deleted",
            Kind::Grant => "grant",
        }
    }

    /// The fields of this kind, in the order an error message lists them.
    pub fn fields(self) -> &'static [Field] {
        let table = FIELDS.get_or_init(build_fields);
        table
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or(&[][..], |(_, fields)| fields.as_slice())
    }

    /// What a value of this kind is, in one line (docs/rule-language.md).
    pub fn doc(self) -> &'static str {
        match self {
            Kind::Role => {
                "an IAM role, service-linked roles included, and roles the inputs only name"
            }
            Kind::User => "an IAM user, and users the inputs only name",
            Kind::Group => "an IAM group, and groups the inputs only name",
            Kind::Policy => "a policy: customer managed, inline, AWS managed or external",
            Kind::PermissionSet => "an IAM Identity Center permission set",
            Kind::Channel => "an AWS Support App Slack channel configuration",
            Kind::Workspace => "an AWS Support App Slack workspace configuration",
            Kind::Document => "a policy document: a role's trust policy or a policy's document",
            Kind::Statement => "one statement of a document",
            Kind::Principal => "one entry of a statement's `Principal` or `NotPrincipal`",
            Kind::Condition => "one condition test of a statement's `Condition`",
            Kind::Attachment => {
                "the link from a role, user, group or permission set to a policy it has"
            }
            Kind::Resource => "a resource as the input declares it, with its raw properties",
            Kind::Deleted => "a resource a plan deletes or forgets",
            Kind::Grant => {
                "a statement that allows an action, as `allowed`, `beyond` and `denied` report it"
            }
        }
    }

    /// An expression of type `list<kind>`: how a rule reaches values of this kind (the
    /// examples of its fields filter it).
    pub fn reached(self) -> &'static str {
        match self {
            Kind::Role => "roles",
            Kind::User => "users",
            Kind::Group => "groups",
            Kind::Policy => "policies",
            Kind::PermissionSet => "permission_sets",
            Kind::Channel => "channels",
            Kind::Workspace => "workspaces",
            Kind::Document => "roles.trust",
            Kind::Statement => "roles.trust.statements",
            Kind::Principal => "roles.trust.statements.principals",
            Kind::Condition => "roles.trust.statements.conditions",
            Kind::Attachment => "attachments",
            Kind::Resource => "resources",
            Kind::Deleted => "deleted",
            Kind::Grant => "allowed(roles[0], app_actions())",
        }
    }

    /// The field called `name`, when this kind has one.
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|field| field.name == name)
    }
}

/// A static type of the rule language.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// `true` or `false` (or unknown).
    Bool,
    /// A number.
    Number,
    /// A text.
    Text,
    /// A regular expression literal.
    Regex,
    /// `null`.
    Null,
    /// A list whose items have the inner type.
    List(Box<Type>),
    /// A graph value of one kind.
    Node(Kind),
    /// A graph value of one of several kinds (parameters only: `role|user|group|permission_set`).
    OneOf(&'static [Kind]),
    /// Untyped: raw resource properties. Accepted everywhere, every field is `Any`.
    Any,
}

impl Type {
    /// `list<item>`.
    pub fn list(item: Type) -> Type {
        Type::List(Box::new(item))
    }

    /// The item type, when this is a list.
    pub fn item(&self) -> Option<&Type> {
        match self {
            Type::List(item) => Some(item),
            _ => None,
        }
    }

    /// Whether a value of type `actual` may be given where `self` is expected.
    pub fn accepts(&self, actual: &Type) -> bool {
        match (self, actual) {
            (Type::Any, _) | (_, Type::Any) => true,
            (Type::List(expected), Type::List(actual)) => expected.accepts(actual),
            (Type::OneOf(kinds), Type::Node(kind)) => kinds.contains(kind),
            (Type::OneOf(kinds), Type::OneOf(actual)) => {
                actual.iter().all(|kind| kinds.contains(kind))
            }
            (expected, actual) => expected == actual,
        }
    }

    /// Whether `==` and `!=` may compare values of these types: the same type, either
    /// untyped, or either `null` (a missing value compares with `null`).
    pub fn comparable(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Regex, _) | (_, Type::Regex) => false,
            (Type::Null, _) | (_, Type::Null) => true,
            (Type::List(left), Type::List(right)) => left.comparable(right),
            _ => self.accepts(other) || other.accepts(self),
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::Number => f.write_str("number"),
            Type::Text => f.write_str("text"),
            Type::Regex => f.write_str("regex"),
            Type::Null => f.write_str("null"),
            Type::List(item) => write!(f, "list<{item}>"),
            Type::Node(kind) => f.write_str(kind.name()),
            Type::OneOf(kinds) => {
                let names: Vec<&str> = kinds.iter().map(|kind| kind.name()).collect();
                f.write_str(&names.join("|"))
            }
            Type::Any => f.write_str("any"),
        }
    }
}

/// A field of a kind.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub ty: Type,
    /// What it holds.
    pub doc: &'static str,
    /// An example of its use that type-checks: for a field of a kind, a predicate over
    /// `this` (docs/rule-language.md shows it as a filter of [`Kind::reached`]); for a
    /// top-level collection, an expression.
    pub example: &'static str,
}

fn field(name: &'static str, ty: Type, doc: &'static str, example: &'static str) -> Field {
    Field {
        name,
        ty,
        doc,
        example,
    }
}

/// The graph's top-level collections: the names every rule starts from.
pub fn collections() -> &'static [Field] {
    static COLLECTIONS: OnceLock<Vec<Field>> = OnceLock::new();
    COLLECTIONS.get_or_init(|| {
        use Kind::*;
        let list = |kind| Type::list(Type::Node(kind));
        vec![
            field(
                "roles",
                list(Role),
                "every role, service-linked roles included",
                "roles[ is_support_role(this) ]",
            ),
            field("users", list(User), "every IAM user", r#"users[ has_aws_managed(this, "AWSSupportAccess") ]"#),
            field("groups", list(Group), "every IAM group", "groups[ exists this.users ]"),
            field(
                "policies",
                list(Policy),
                "every policy node: customer managed, inline, AWS managed, external",
                r#"policies[ this.kind == "customer" ]"#,
            ),
            field(
                "permission_sets",
                list(PermissionSet),
                "every Identity Center permission set",
                r#"permission_sets[ has_aws_managed(this, "AWSSupportAccess") ]"#,
            ),
            field(
                "channels",
                list(Channel),
                "every Support App Slack channel configuration",
                "channels[ this.role is unknown ]",
            ),
            field(
                "workspaces",
                list(Workspace),
                "every Support App Slack workspace configuration",
                "count(workspaces) > 1",
            ),
            field(
                "attachments",
                list(Attachment),
                "every policy attachment of the inputs, to declared principals or not (a role created elsewhere, a role known only after apply)",
                r#"attachments[ this.principal_type == "user" ]"#,
            ),
            field(
                "deleted",
                list(Deleted),
                "the resources a plan deletes or forgets (Graph::deleted)",
                "deleted[ exists this.service_linked ]",
            ),
            field(
                "resources",
                list(Resource),
                "every resource of the inputs, raw",
                r#"resources[ this.type == "AWS::IAM::ManagedPolicy" ]"#,
            ),
        ]
    })
}

/// The top-level collection called `name`.
pub fn collection(name: &str) -> Option<&'static Field> {
    collections().iter().find(|field| field.name == name)
}

static FIELDS: OnceLock<Vec<(Kind, Vec<Field>)>> = OnceLock::new();

/// The fields every declared resource has (from the graph's `Origin`).
fn origin_fields(with_resource: bool) -> Vec<Field> {
    let mut fields = vec![
        field(
            "address",
            Type::Text,
            "Terraform address or CloudFormation logical ID (an account snapshot's ARN; for an identity outside the scan, its name)",
            r#"starts_with(this.address, "module.")"#,
        ),
        field(
            "type",
            Type::Text,
            "resource type (`aws_iam_role`, `AWS::IAM::Role`, `RoleDetail` for a snapshot's role)",
            r#"starts_with(this.type, "AWS::")"#,
        ),
        field(
            "file",
            Type::Text,
            "the input file, as the user named it",
            r#"ends_with(this.file, ".template.yaml")"#,
        ),
        field(
            "change",
            Type::Text,
            "what a plan does: `declared`, `create`, `update`, `no-op`, `delete`, `replace`, `read`, `forget`",
            r#"this.change == "create""#,
        ),
        field(
            "conditional",
            Type::Bool,
            "whether it exists only under a CloudFormation condition",
            "not this.conditional",
        ),
        field(
            "cdk_path",
            Type::Text,
            "the CDK construct path, when given",
            "exists this.cdk_path",
        ),
        field(
            "snapshot",
            Type::Bool,
            "whether it comes from an account snapshot (`aws iam get-account-authorization-details`): it exists in the live account, rather than being declared by code",
            "not this.snapshot",
        ),
    ];
    if with_resource {
        fields.push(field(
            "resource",
            Type::Node(Kind::Resource),
            "the declaring resource with its raw properties",
            "exists this.resource.properties.Tags",
        ));
    }
    fields
}

/// The fields of principals that have policies (roles, users, groups, permission sets).
fn permission_fields() -> Vec<Field> {
    vec![
        field(
            "attachments",
            Type::list(Type::Node(Kind::Attachment)),
            "the policies attached or inline, with how (a user's include its groups')",
            "exists this.attachments[ this.conditional ]",
        ),
        field(
            "policies",
            Type::list(Type::Node(Kind::Policy)),
            "the identity policies (a user's include its groups')",
            r#"exists this.policies[ this.kind == "inline" ]"#,
        ),
        field(
            "boundary",
            Type::Node(Kind::Policy),
            "the permissions boundary, absent when none",
            "exists this.boundary",
        ),
    ]
}

fn build_fields() -> Vec<(Kind, Vec<Field>)> {
    use Type::{Bool, Number, Text};
    let texts = || Type::list(Text);
    let node = Type::Node;
    let nodes = |kind| Type::list(Type::Node(kind));
    let with = |mut base: Vec<Field>, extra: Vec<Field>| {
        base.extend(extra);
        base
    };
    let name = || {
        field(
            "name",
            Text,
            "the name (unknown when generated at deployment)",
            r#"this.name == "support""#,
        )
    };
    let path = || {
        field(
            "path",
            Text,
            "the IAM path (`/` when not given)",
            r#"this.path == "/support/""#,
        )
    };
    // Roles, users and groups the inputs only name (an existing user attached by name, a
    // channel's role by ARN) are in the lists too, marked as not declared.
    let identity = || {
        vec![
            field(
                "declared",
                Bool,
                "whether the inputs declare it; false for an identity outside the scan, which only an attachment, membership or channel configuration names (its other fields are then absent or unknown, except `name`, what the inputs attach, and `path` when an ARN gives it)",
                "not this.declared",
            ),
            field(
                "display",
                Text,
                "how a message names it: its address in backticks, or for an identity outside the scan its name in backticks followed by \"(not declared in the scanned code)\"",
                r#"ends_with(this.display, "(not declared in the scanned code)")"#,
            ),
        ]
    };
    vec![
        (
            Kind::Role,
            with(
                origin_fields(true),
                with(
                    vec![
                        name(),
                        path(),
                        field(
                            "trust",
                            node(Kind::Document),
                            "the trust policy (unknown for a role outside the scan)",
                            "exists this.trust.statements[ admits_anyone(this) ]",
                        ),
                        field(
                            "max_session_duration",
                            Number,
                            "`MaxSessionDuration` in seconds, absent when not given",
                            "this.max_session_duration > 3600",
                        ),
                        field(
                            "service_linked",
                            Text,
                            "for a service-linked role, its service (`support.amazonaws.com`); absent otherwise",
                            r#"this.service_linked == "support.amazonaws.com""#,
                        ),
                    ],
                    with(identity(), permission_fields()),
                ),
            ),
        ),
        (
            Kind::User,
            with(
                origin_fields(true),
                with(
                    vec![
                        name(),
                        path(),
                        field(
                            "groups",
                            nodes(Kind::Group),
                            "the groups it is a member of",
                            "exists this.groups",
                        ),
                    ],
                    with(identity(), permission_fields()),
                ),
            ),
        ),
        (
            Kind::Group,
            with(
                origin_fields(true),
                with(
                    with(vec![name(), path()], identity()),
                    vec![
                        field(
                            "attachments",
                            nodes(Kind::Attachment),
                            "the policies attached or inline, with how",
                            "exists this.attachments[ this.conditional ]",
                        ),
                        field(
                            "policies",
                            nodes(Kind::Policy),
                            "the identity policies",
                            r#"exists this.policies[ this.kind == "inline" ]"#,
                        ),
                        field(
                            "users",
                            nodes(Kind::User),
                            "its members",
                            "empty this.users",
                        ),
                    ],
                ),
            ),
        ),
        (
            Kind::Policy,
            with(
                origin_fields(true),
                vec![
                    field(
                        "name",
                        Text,
                        "the name, when it has one",
                        r#"this.name == "support-cases""#,
                    ),
                    field(
                        "kind",
                        Text,
                        "`customer`, `inline`, `aws-managed` or `external`",
                        r#"this.kind == "aws-managed""#,
                    ),
                    field(
                        "key",
                        Text,
                        "for an AWS managed policy, its ARN after `policy/` in any partition (`AWSSupportAccess`)",
                        r#"this.key == "AWSSupportAccess""#,
                    ),
                    field(
                        "path",
                        Text,
                        "a customer managed policy's IAM path",
                        r#"this.path == "/support/""#,
                    ),
                    field(
                        "arn",
                        Text,
                        "an external policy's ARN as written",
                        r#"starts_with(this.arn, "arn:aws:iam::111122223333:")"#,
                    ),
                    field(
                        "document",
                        node(Kind::Document),
                        "the policy document",
                        r#"exists this.document.statements[ this.effect == "Deny" ]"#,
                    ),
                ],
            ),
        ),
        (
            Kind::PermissionSet,
            with(
                origin_fields(true),
                with(
                    vec![
                        name(),
                        field(
                            "session_duration",
                            Text,
                            "`SessionDuration` (ISO 8601), absent when not given",
                            r#"this.session_duration == "PT1H""#,
                        ),
                    ],
                    permission_fields(),
                ),
            ),
        ),
        (
            Kind::Channel,
            with(
                origin_fields(true),
                vec![
                    field(
                        "channel_id",
                        Text,
                        "the Slack channel ID",
                        r#"this.channel_id == "C0123456789""#,
                    ),
                    field(
                        "team_id",
                        Text,
                        "the Slack workspace (team) ID",
                        r#"this.team_id == "T0123456789""#,
                    ),
                    field(
                        "role",
                        node(Kind::Role),
                        "the role it uses (`ChannelRoleArn`)",
                        "this.role is unknown",
                    ),
                ],
            ),
        ),
        (
            Kind::Workspace,
            with(
                origin_fields(true),
                vec![field(
                    "team_id",
                    Text,
                    "the Slack workspace (team) ID",
                    r#"this.team_id == "T0123456789""#,
                )],
            ),
        ),
        (
            Kind::Document,
            vec![
                field(
                    "version",
                    Text,
                    "`Version`, when given",
                    r#"this.version == "2012-10-17""#,
                ),
                field(
                    "statements",
                    nodes(Kind::Statement),
                    "the statements, every branch of a condition included",
                    "count(this.statements) > 1",
                ),
            ],
        ),
        (
            Kind::Statement,
            vec![
                field(
                    "sid",
                    Text,
                    "`Sid`, or the 1-based position when it has none (\"statement 2\")",
                    r#"this.sid == "AllowSupport""#,
                ),
                field(
                    "index",
                    Number,
                    "its position in the document, from 0",
                    "this.index == 0",
                ),
                field(
                    "effect",
                    Text,
                    "`Allow`, `Deny`, or the invalid value as written",
                    r#"this.effect == "Deny""#,
                ),
                field(
                    "actions",
                    texts(),
                    "`Action`",
                    r#""support:*" in this.actions"#,
                ),
                field(
                    "not_actions",
                    texts(),
                    "`NotAction`",
                    "exists this.not_actions",
                ),
                field(
                    "resources",
                    texts(),
                    "`Resource`",
                    r#""*" in this.resources"#,
                ),
                field(
                    "not_resources",
                    texts(),
                    "`NotResource`",
                    "exists this.not_resources",
                ),
                field(
                    "principals",
                    nodes(Kind::Principal),
                    "`Principal`",
                    r#"exists this.principals[ this.kind == "any" ]"#,
                ),
                field(
                    "not_principals",
                    nodes(Kind::Principal),
                    "`NotPrincipal`",
                    "exists this.not_principals",
                ),
                field(
                    "conditions",
                    nodes(Kind::Condition),
                    "`Condition`, flattened",
                    r#"exists this.conditions[ this.key == "aws:PrincipalOrgID" ]"#,
                ),
                field(
                    "conditional",
                    Bool,
                    "whether it exists only in some branches of an `Fn::If`",
                    "this.conditional",
                ),
            ],
        ),
        (
            Kind::Principal,
            vec![
                field(
                    "kind",
                    Text,
                    "`any` (for `\"*\"`), `aws`, `service`, `federated`, `canonical-user`, or the key as written",
                    r#"this.kind == "service""#,
                ),
                field(
                    "values",
                    texts(),
                    "the account IDs, ARNs, service names or providers (`*` for `any`)",
                    r#""supportapp.amazonaws.com" in this.values"#,
                ),
            ],
        ),
        (
            Kind::Condition,
            vec![
                field(
                    "operator",
                    Text,
                    "the operator as written (`StringEquals`, `ArnLikeIfExists`)",
                    r#"this.operator == "StringEquals""#,
                ),
                field(
                    "key",
                    Text,
                    "the condition key as written (`aws:PrincipalOrgID`)",
                    r#"lower(this.key) == "aws:principalorgid""#,
                ),
                field(
                    "values",
                    texts(),
                    "the values",
                    r#""o-a1b2c3d4e5" in this.values"#,
                ),
            ],
        ),
        (
            Kind::Attachment,
            vec![
                field(
                    "policy",
                    node(Kind::Policy),
                    "the policy; unknown when the target cannot be told before deployment",
                    r#"this.policy.key == "AWSSupportAccess""#,
                ),
                field(
                    "form",
                    Text,
                    "the declaring form (`aws_iam_role_policy_attachment`, `AWS::IAM::Role.ManagedPolicyArns`)",
                    r#"this.form == "aws_iam_role_policy_attachment""#,
                ),
                field(
                    "via",
                    Text,
                    "the address of the resource that declares it",
                    r#"starts_with(this.via, "module.")"#,
                ),
                field(
                    "principal",
                    Type::OneOf(PRINCIPALS),
                    "the role, user, group or permission set; absent when it is not declared by the inputs, unknown when it is known only after apply",
                    "this.principal is unknown",
                ),
                field(
                    "principal_type",
                    Text,
                    "`role`, `user`, `group` or `permission_set`, also for principals the inputs do not declare",
                    r#"this.principal_type == "user""#,
                ),
                field(
                    "conditional",
                    Bool,
                    "whether the link exists only under a condition",
                    "this.conditional",
                ),
            ],
        ),
        (
            Kind::Resource,
            with(
                origin_fields(false),
                vec![field(
                    "properties",
                    Type::Any,
                    "the raw properties (Terraform `after`, CloudFormation `Properties`), untyped",
                    "this.properties.MaxSessionDuration > 3600",
                )],
            ),
        ),
        (
            Kind::Deleted,
            with(
                origin_fields(true),
                vec![field(
                    "service_linked",
                    Text,
                    "for a service-linked role, the service it was linked to",
                    r#"this.service_linked == "support.amazonaws.com""#,
                )],
            ),
        ),
        (
            Kind::Grant,
            vec![
                field(
                    "action",
                    Text,
                    "the allowed action (`allowed`) or pattern (`beyond`: `iam:*`, `NotAction support:*`)",
                    r#"this.action == "iam:*""#,
                ),
                field(
                    "policy",
                    node(Kind::Policy),
                    "the policy that allows it",
                    r#"this.policy.kind == "inline""#,
                ),
                field(
                    "sid",
                    Text,
                    "the statement's `Sid`, or its 1-based position when it has none",
                    r#"this.sid == "Everything""#,
                ),
                field(
                    "reach",
                    Text,
                    "`beyond`: `support` (Support services only) or `other`; `denied`: `deny` or `boundary`",
                    r#"this.reach == "other""#,
                ),
                field(
                    "examples",
                    texts(),
                    "`beyond` only: real actions it allows beyond the list (at most five)",
                    r#""s3:GetObject" in this.examples"#,
                ),
                field(
                    "conditional",
                    Bool,
                    "whether it applies only in some possibilities or under an IAM condition",
                    "not this.conditional",
                ),
                field(
                    "iam_condition",
                    Bool,
                    "whether its statement has an IAM `Condition` block (MFA, source IP, Region, ...)",
                    "this.iam_condition",
                ),
            ],
        ),
    ]
}

/// A built-in function.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// Its name.
    pub name: &'static str,
    /// The parameter types, in order.
    pub params: Vec<Type>,
    /// The result type.
    pub result: Type,
    /// What it returns, in one line.
    pub doc: &'static str,
    /// An expression that calls it and type-checks.
    pub example: &'static str,
}

impl Function {
    /// `name(type, type) -> type`, for messages.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self.params.iter().map(Type::to_string).collect();
        format!("{}({}) -> {}", self.name, params.join(", "), self.result)
    }
}

/// Every built-in function. The comment above each names the `src/iam` (or plain)
/// implementation the evaluator calls.
pub fn functions() -> &'static [Function] {
    static FUNCTIONS: OnceLock<Vec<Function>> = OnceLock::new();
    FUNCTIONS.get_or_init(build_functions)
}

/// The built-in function called `name`.
pub fn function(name: &str) -> Option<&'static Function> {
    functions().iter().find(|function| function.name == name)
}

fn build_functions() -> Vec<Function> {
    use Type::{Bool, Number, Text};
    let role = Type::Node(Kind::Role);
    let principal = Type::OneOf(PRINCIPALS);
    let document = Type::Node(Kind::Document);
    let statement = Type::Node(Kind::Statement);
    let texts = Type::list(Text);
    let grants = Type::list(Type::Node(Kind::Grant));
    let function = |name, params, result, doc, example| Function {
        name,
        params,
        result,
        doc,
        example,
    };
    vec![
        // iam::support::support_role(graph, role).answer
        function(
            "is_support_role",
            vec![role.clone()],
            Bool,
            "the support access policy is attached, or `support:*` is granted by name (docs/rules.md)",
            "roles[ is_support_role(this) ]",
        ),
        // iam::support::support_app_role(graph, role).0
        function(
            "is_support_app_role",
            vec![role],
            Bool,
            "trusts `supportapp.amazonaws.com`, is a channel's role, or has an App managed policy",
            "roles[ is_support_app_role(this) ]",
        ),
        // iam::support::attached_aws_managed(graph, principal, key).0
        function(
            "has_aws_managed",
            vec![principal.clone(), Text],
            Bool,
            "the AWS managed policy `key` is attached directly, in any partition",
            r#"users[ has_aws_managed(this, "AWSSupportAccess") ]"#,
        ),
        // iam::allows(graph, principal, action).answer
        function(
            "allows",
            vec![principal.clone(), Text],
            Bool,
            "the action is allowed (explicit deny wins, boundaries intersect)",
            r#"roles[ allows(this, "support:CreateCase") ]"#,
        ),
        // iam::allowed_actions(graph, principal, actions): the verdicts whose answer may
        // be yes, one grant per `allowed_by` evidence
        function(
            "allowed",
            vec![principal.clone(), texts.clone()],
            grants.clone(),
            "the actions of the list that are allowed, each with the statement that allows it",
            r#"allowed(roles[0], ["support:CreateCase", "support:ResolveCase"])"#,
        ),
        // iam::beyond::actions_beyond(graph, principal, actions).grants
        function(
            "beyond",
            vec![principal.clone(), texts.clone()],
            grants.clone(),
            "the allowed action patterns that reach beyond the list, with `reach` `support` or `other`",
            r#"beyond(roles[0], app_actions())[ this.reach == "other" ]"#,
        ),
        // iam::allows(graph, principal, action) for each action: one grant per
        // `denied_by` (reach `deny`) and `bounded_by` (reach `boundary`) evidence
        function(
            "denied",
            vec![principal.clone(), texts.clone()],
            grants.clone(),
            "the actions of the list that an explicit deny or a permissions boundary blocks, each with what blocks it",
            r#"denied(roles[0], ["support:CreateCase"])[ this.reach == "boundary" ]"#,
        ),
        // iam::trust::trust_admits(document): the statement's admissions with
        // Admitted::Anyone (and `assume`)
        function(
            "admits_anyone",
            vec![statement.clone()],
            Bool,
            "the trust statement lets any principal assume the role",
            "roles.trust.statements[ admits_anyone(this) ]",
        ),
        // iam::trust::trust_admits(document): Admission::narrowed or Admission::fenced
        // of the statement
        function(
            "narrowed",
            vec![statement],
            Bool,
            "a narrowing condition whose values pin an owner (`aws:PrincipalOrgID`, ...) applies to the trust statement, or a `Deny` fence of its document turns away everyone but known principals",
            "roles.trust.statements[ admits_anyone(this) and not narrowed(this) ]",
        ),
        // iam::trust::trusts_service(document, service).0
        function(
            "trusts_service",
            vec![document.clone(), Text],
            Bool,
            "the document lets the service principal assume the role",
            r#"roles[ trusts_service(this.trust, "supportapp.amazonaws.com") ]"#,
        ),
        // iam::trust::trust_admits(document) filtered by iam::trust::may_be_service
        function(
            "trusted_services",
            vec![document.clone()],
            texts.clone(),
            "the service principals the trust document lets assume the role",
            "trusted_services(roles[0].trust)",
        ),
        // iam::trust::trust_admits(document).admissions, each `who` as written (`*` for
        // Admitted::Anyone)
        function(
            "trusted_principals",
            vec![document],
            texts.clone(),
            "every principal the trust document lets assume the role, as written (`*` for anyone)",
            r#"trusted_principals(roles[0].trust)[ this != "*" ]"#,
        ),
        // iam::slr::create_slr_scoping(graph, principal).unscoped
        function(
            "slr_unscoped",
            vec![principal.clone()],
            Bool,
            "`iam:CreateServiceLinkedRole` is allowed without the `iam:AWSServiceName` scope",
            "roles[ slr_unscoped(this) ]",
        ),
        // iam::slr::create_slr_scoping(graph, principal).quotas_role
        function(
            "can_create_quotas_slr",
            vec![principal],
            Bool,
            "the principal may create the Service Quotas service-linked role (scoped or not)",
            "roles[ can_create_quotas_slr(this) ]",
        ),
        // iam::catalog::app_actions_with_slr()
        function(
            "app_actions",
            vec![],
            texts,
            "the App action set (docs/rules.md), `iam:CreateServiceLinkedRole` included",
            r#""support:DescribeCases" in app_actions()"#,
        ),
        // Answer::in_some_possibility
        function(
            "possibly",
            vec![Bool],
            Bool,
            "holds in some possibility",
            "possibly(exists roles[ is_support_role(this) ])",
        ),
        // plain: the number of items (maybe items make it unknown)
        function(
            "count",
            vec![Type::list(Type::Any)],
            Number,
            "the number of items",
            "count(roles[0].trust.statements) > 1",
        ),
        // plain: str::to_lowercase
        function(
            "lower",
            vec![Text],
            Text,
            "the text in lower case",
            r#"lower(roles[0].name) == "support""#,
        ),
        // plain: str::starts_with
        function(
            "starts_with",
            vec![Text, Text],
            Bool,
            "the first text starts with the second",
            r#"roles[ starts_with(this.name, "support-") ]"#,
        ),
        // plain: str::ends_with
        function(
            "ends_with",
            vec![Text, Text],
            Bool,
            "the first text ends with the second",
            r#"roles[ ends_with(this.address, "_support") ]"#,
        ),
    ]
}
