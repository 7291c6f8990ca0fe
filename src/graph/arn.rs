//! IAM ARNs and Terraform addresses, read well enough to find what they name: a managed
//! policy (AWS's or the customer's) or a role, in any partition, with partitions written
//! literally, as `${AWS::Partition}` or as Terraform's `data.aws_partition`.

use super::term::{Segment, Term};

/// What an IAM ARN names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamArn {
    /// Whose account it is in.
    pub account: Account,
    /// The resource type: `policy`, `role`, `user`, `group`.
    pub resource_type: Box<str>,
    /// The IAM path, with its leading and trailing slash (`/`, `/aws-service-role/`).
    pub path: Box<str>,
    /// The name.
    pub name: Box<str>,
}

/// The account part of an IAM ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Account {
    /// `aws`: an AWS managed policy.
    Aws,
    /// A customer account, literal or symbolic (`${AWS::AccountId}`).
    Customer,
}

/// Partitions an ARN may name literally.
const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

impl IamArn {
    /// The key of an AWS managed policy: its path and name after `policy/`
    /// (`AWSSupportAccess`, `aws-service-role/AWSSupportServiceRolePolicy`).
    pub fn managed_key(&self) -> Box<str> {
        format!("{}{}", self.path.trim_start_matches('/'), self.name).into()
    }
}

/// Reads an IAM ARN from a term. `Err` says why the term names nothing that can be told:
/// it is unknown, not an IAM ARN, or has a symbolic name.
pub fn parse_iam_arn(term: &Term) -> Result<IamArn, String> {
    let templated;
    let fields: Vec<ArnField<'_>> = match term {
        // Most ARNs are plain text: their fields are read in place.
        Term::Known(text) => text.split(':').map(ArnField::text).collect(),
        Term::Template(segments) => {
            templated = split_fields(segments);
            templated.iter().map(|field| ArnField::of(field)).collect()
        }
        Term::Unknown(reason) => return Err(reason.to_string()),
        Term::OneOf(_) | Term::Absent => return Err("depends on a condition".to_owned()),
    };
    let [arn, partition, service, region, account, resource] = fields.as_slice() else {
        return Err(format!("`{}` is not an IAM ARN", term.display()));
    };
    let literal_is = |field: &ArnField, expected: &str| field.literal == Some(expected);
    let partition_ok = match partition.literal {
        Some(text) => PARTITIONS.contains(&text),
        // Symbolic partitions only choose between partitions, all of which name the
        // same IAM resources.
        None => partition.symbolic,
    };
    if !literal_is(arn, "arn")
        || !partition_ok
        || !literal_is(service, "iam")
        || !literal_is(region, "")
    {
        return Err(format!("`{}` is not an IAM ARN", term.display()));
    }
    let account = if literal_is(account, "aws") {
        Account::Aws
    } else {
        Account::Customer
    };
    let Some(resource) = resource.literal else {
        return Err(format!(
            "the name in `{}` is not known before deployment",
            term.display()
        ));
    };
    let Some((resource_type, path_and_name)) = resource.split_once('/') else {
        return Err(format!("`{}` names no IAM resource", term.display()));
    };
    let (path, name) = match path_and_name.rsplit_once('/') {
        Some((path, name)) => (format!("/{path}/"), name),
        None => ("/".to_owned(), path_and_name),
    };
    if name.is_empty() {
        return Err(format!("`{}` names no IAM resource", term.display()));
    }
    Ok(IamArn {
        account,
        resource_type: resource_type.into(),
        path: path.into(),
        name: name.into(),
    })
}

/// One colon-separated field of an ARN.
struct ArnField<'a> {
    /// Its text, when it is all literal.
    literal: Option<&'a str>,
    /// Whether it has no literal part at all.
    symbolic: bool,
}

impl<'a> ArnField<'a> {
    fn text(text: &'a str) -> ArnField<'a> {
        ArnField {
            literal: Some(text),
            symbolic: false,
        }
    }

    fn of(field: &'a [Segment]) -> ArnField<'a> {
        ArnField {
            literal: literal(field),
            symbolic: field.iter().all(|s| !matches!(s, Segment::Literal(_))),
        }
    }
}

/// Splits a template on the colons of its literal parts.
fn split_fields(segments: &[Segment]) -> Vec<Vec<Segment>> {
    let mut fields: Vec<Vec<Segment>> = vec![Vec::new()];
    for segment in segments {
        match segment {
            Segment::Literal(text) => {
                let mut pieces = text.split(':');
                if let (Some(first), Some(current)) = (pieces.next(), fields.last_mut()) {
                    push_literal(current, first);
                }
                for piece in pieces {
                    let mut field = Vec::new();
                    push_literal(&mut field, piece);
                    fields.push(field);
                }
            }
            other => {
                if let Some(current) = fields.last_mut() {
                    current.push(other.clone());
                }
            }
        }
    }
    fields
}

fn push_literal(field: &mut Vec<Segment>, text: &str) {
    if !text.is_empty() {
        field.push(Segment::Literal(text.into()));
    }
}

/// The field's text when it is all literal.
fn literal(field: &[Segment]) -> Option<&str> {
    match field {
        [Segment::Literal(text)] => Some(text),
        [] => Some(""),
        _ => None,
    }
}

/// The mode (`data` or `resource`) and type of a Terraform resource address
/// (`module.a["k"].data.aws_partition.current` → `("data", "aws_partition")`); `None`
/// for a CloudFormation logical ID.
pub fn address_type(address: &str) -> Option<(&'static str, &str)> {
    let mut rest = address;
    // Module steps are `module.NAME` optionally followed by an instance key, which may
    // itself contain dots inside its quotes.
    while let Some(after) = rest.strip_prefix("module.") {
        let name_end = after.find(['.', '[']).unwrap_or(after.len());
        let mut position = name_end;
        if after[name_end..].starts_with('[') {
            position = closing_bracket(after, name_end)? + 1;
        }
        rest = after[position..].strip_prefix('.')?;
    }
    let (mode, rest) = match rest.strip_prefix("data.") {
        Some(rest) => ("data", rest),
        None => ("resource", rest),
    };
    let (resource_type, _) = rest.split_once('.')?;
    Some((mode, resource_type))
}

/// The index of the `]` that closes the `[` at `open`, skipping quoted text.
fn closing_bracket(text: &str, open: usize) -> Option<usize> {
    let mut in_quotes = false;
    let mut escaped = false;
    for (index, character) in text.char_indices().skip_while(|(i, _)| *i <= open) {
        match character {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            ']' if !in_quotes => return Some(index),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Pseudo;

    fn known(text: &str) -> Term {
        Term::Known(text.into())
    }

    #[test]
    fn aws_managed_policies_in_every_partition_share_one_key() {
        for text in [
            "arn:aws:iam::aws:policy/AWSSupportAccess",
            "arn:aws-cn:iam::aws:policy/AWSSupportAccess",
            "arn:aws-us-gov:iam::aws:policy/AWSSupportAccess",
        ] {
            let arn = parse_iam_arn(&known(text)).unwrap();
            assert_eq!(arn.account, Account::Aws);
            assert_eq!(&*arn.managed_key(), "AWSSupportAccess");
        }
        let template = Term::Template(vec![
            Segment::Literal("arn:".into()),
            Segment::Pseudo(Pseudo::Partition),
            Segment::Literal(
                ":iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy".into(),
            ),
        ]);
        let arn = parse_iam_arn(&template).unwrap();
        assert_eq!(&*arn.path, "/aws-service-role/");
        assert_eq!(
            &*arn.managed_key(),
            "aws-service-role/AWSSupportServiceRolePolicy"
        );
    }

    #[test]
    fn customer_arns_keep_path_and_name() {
        let template = Term::Template(vec![
            Segment::Literal("arn:aws:iam::".into()),
            Segment::Pseudo(Pseudo::AccountId),
            Segment::Literal(":role/ops/Support".into()),
        ]);
        let arn = parse_iam_arn(&template).unwrap();
        assert_eq!(arn.account, Account::Customer);
        assert_eq!(
            (&*arn.resource_type, &*arn.path, &*arn.name),
            ("role", "/ops/", "Support")
        );
    }

    #[test]
    fn non_arns_and_symbolic_names_are_refused_with_a_reason() {
        let arn = parse_iam_arn(&known("arn:aws:iam::123456789012:role/team/ops/Support")).unwrap();
        assert_eq!(arn.account, Account::Customer);
        assert_eq!((&*arn.path, &*arn.name), ("/team/ops/", "Support"));
        assert!(parse_iam_arn(&known("arn:aws:iam::123456789012:role/a:b")).is_err());
        assert!(parse_iam_arn(&known("arn:aws:iam:us-east-1:123456789012:role/a")).is_err());
        assert!(parse_iam_arn(&known("AWSSupportAccess")).is_err());
        assert!(parse_iam_arn(&known("arn:aws:s3:::bucket/x")).is_err());
        assert!(parse_iam_arn(&known("arn:aws-moon:iam::aws:policy/X")).is_err());
        assert!(parse_iam_arn(&known("arn:aws:iam::aws:policy/")).is_err());
        let symbolic_name = Term::Template(vec![
            Segment::Literal("arn:aws:iam::123456789012:policy/".into()),
            Segment::Unknown("known after apply".into()),
        ]);
        assert!(
            parse_iam_arn(&symbolic_name)
                .unwrap_err()
                .contains("not known")
        );
        assert_eq!(
            parse_iam_arn(&Term::Unknown("why".into())).unwrap_err(),
            "why"
        );
    }

    #[test]
    fn address_types_skip_module_steps_and_instance_keys() {
        assert_eq!(
            address_type("aws_iam_role.r"),
            Some(("resource", "aws_iam_role"))
        );
        assert_eq!(
            address_type("module.a[\"x.y]\"].module.b[0].data.aws_partition.current"),
            Some(("data", "aws_partition"))
        );
        assert_eq!(address_type("SupportRole"), None);
        assert_eq!(address_type("module.a[\"unclosed"), None);
    }
}
