//! IAM ARNs: an ARN built from its parts parses back to exactly those parts, written
//! literally or with symbolic partition and account; any other text is refused as an
//! independent regex of the IAM ARN form refuses it, and never panics.

use std::sync::LazyLock;

use proptest::prelude::*;
use supportscan::graph::{Account, IamArn, Segment, Term, parse_iam_arn};
use supportscan::load::Pseudo;

/// The parts of an IAM ARN: partition, account (`aws` or twelve digits), resource type,
/// the path between its slashes (`""` for `/`), and the name.
fn parts() -> impl Strategy<Value = (&'static str, String, &'static str, String, String)> {
    (
        prop_oneof![Just("aws"), Just("aws-cn"), Just("aws-us-gov")],
        prop_oneof![Just("aws".to_owned()), "[0-9]{12}"],
        prop_oneof![Just("role"), Just("user"), Just("group"), Just("policy")],
        prop::collection::vec("[A-Za-z0-9+=,.@_-]{1,6}", 0..3).prop_map(|steps| steps.join("/")),
        "[A-Za-z0-9+=,.@_-]{1,12}",
    )
}

fn expected(account: &str, resource_type: &str, path: &str, name: &str) -> IamArn {
    IamArn {
        account: if account == "aws" {
            Account::Aws
        } else {
            Account::Customer
        },
        resource_type: resource_type.into(),
        path: if path.is_empty() {
            "/".into()
        } else {
            format!("/{path}/").into()
        },
        name: name.into(),
    }
}

fn resource(resource_type: &str, path: &str, name: &str) -> String {
    if path.is_empty() {
        format!("{resource_type}/{name}")
    } else {
        format!("{resource_type}/{path}/{name}")
    }
}

/// What the IAM ARN form accepts, and the parts it names, read with a regex.
fn by_reference(text: &str) -> Option<IamArn> {
    static FORM: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            "(?s)^arn:(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::\
             ([^:]*):([^:/]*)/(?:([^:]*)/)?([^:/]+)$",
        )
        .unwrap()
    });
    let captures = FORM.captures(text)?;
    let path = captures.get(3).map(|m| m.as_str());
    Some(IamArn {
        account: if &captures[1] == "aws" {
            Account::Aws
        } else {
            Account::Customer
        },
        resource_type: captures[2].into(),
        path: path.map_or("/".into(), |path| format!("/{path}/").into()),
        name: captures[4].into(),
    })
}

/// Text near the IAM ARN form, so that both answers are common: an ARN built from
/// random parts, then with up to three fields replaced, removed or inserted (from
/// ARN-like pieces and random text) or given a trailing slash.
fn arn_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "arn",
            "aws",
            "aws-cn",
            "aws-moon",
            "iam",
            "IAM",
            "s3",
            "",
            "123456789012",
            "role/Support",
            "policy/",
            "/",
            "a/b/",
        ])
        .prop_map(str::to_owned),
        "[a-z/]{0,4}",
    ];
    let edit = (any::<prop::sample::Index>(), 0u8..4, piece);
    (parts(), prop::collection::vec(edit, 0..4)).prop_map(
        |((partition, account, resource_type, path, name), edits)| {
            let mut fields: Vec<String> = vec![
                "arn".to_owned(),
                partition.to_owned(),
                "iam".to_owned(),
                String::new(),
                account,
                resource(resource_type, &path, &name),
            ];
            for (at, edit, piece) in edits {
                let at = at.index(fields.len() + 1);
                match edit {
                    0 if at < fields.len() => fields[at] = piece,
                    1 if at < fields.len() => {
                        fields.remove(at);
                    }
                    2 => fields.insert(at, piece),
                    _ if at < fields.len() => fields[at].push('/'),
                    _ => {}
                }
            }
            fields.join(":")
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_literal_arn_parses_back_to_its_parts(
        (partition, account, resource_type, path, name) in parts()
    ) {
        let text = format!(
            "arn:{partition}:iam::{account}:{}",
            resource(resource_type, &path, &name)
        );
        let parsed = parse_iam_arn(&Term::Known(text.into())).unwrap();
        prop_assert_eq!(&parsed, &expected(&account, resource_type, &path, &name));
        let key = format!("{}{name}", parsed.path.trim_start_matches('/'));
        prop_assert_eq!(&*parsed.managed_key(), key.as_str());
    }

    #[test]
    fn a_symbolic_partition_and_account_parse_as_the_literal_ones(
        (_, account, resource_type, path, name) in parts(),
        symbolic_account in any::<bool>(),
    ) {
        let tail = format!(":{}", resource(resource_type, &path, &name));
        let mut segments = vec![
            Segment::Literal("arn:".into()),
            Segment::Pseudo(Pseudo::Partition),
        ];
        if symbolic_account {
            segments.push(Segment::Literal(":iam::".into()));
            segments.push(Segment::Pseudo(Pseudo::AccountId));
            segments.push(Segment::Literal(tail.into()));
        } else {
            segments.push(Segment::Literal(format!(":iam::{account}{tail}").into()));
        }
        let parsed = parse_iam_arn(&Term::Template(segments)).unwrap();
        let account = if symbolic_account { "123456789012" } else { &account };
        prop_assert_eq!(parsed, expected(account, resource_type, &path, &name));
    }

    #[test]
    fn arn_like_text_is_read_as_the_arn_form_reads_it(text in arn_like()) {
        prop_assert_eq!(parse_iam_arn(&Term::Known(text.clone().into())).ok(), by_reference(&text));
    }

    #[test]
    fn any_text_is_read_as_the_arn_form_reads_it(text in any::<String>()) {
        prop_assert_eq!(parse_iam_arn(&Term::Known(text.clone().into())).ok(), by_reference(&text));
    }

    #[test]
    fn an_unknown_name_is_refused(
        (partition, account, resource_type, _, _) in parts(),
        reason in "[a-z ]{1,10}",
    ) {
        let term = Term::Template(vec![
            Segment::Literal(format!("arn:{partition}:iam::{account}:{resource_type}/").into()),
            Segment::Unknown(reason.into()),
        ]);
        prop_assert!(parse_iam_arn(&term).is_err());
    }
}
