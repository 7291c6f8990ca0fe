//! One scan, one account (docs/rules.md): the AWS account each input names, and what
//! happens when they differ.
//!
//! An account snapshot names its account in every entity's ARN (and a Support App channel
//! list in each channel's role ARN); a Terraform plan or state names it in the `arn` of the
//! IAM entities it manages and in `data.aws_caller_identity`'s `account_id`. Templates name
//! none (they deploy wherever they are deployed). Inputs of two different accounts in one
//! scan are an error, since names would resolve across accounts, unless `--account ID`
//! chooses one: inputs of other accounts are then left out with a warning, and inputs
//! that name no account stay.

use std::collections::BTreeMap;

use crate::inputs::Inputs;
use crate::load::snapshot::{self, account_of_arn};
use crate::load::{InputKind, LoadedInput, Mode};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Problem code of a scan whose inputs belong to different accounts.
pub const ACCOUNTS_MIXED: &str = "accounts-mixed";
/// Problem code of an input left out because `--account` chose another account.
pub const ACCOUNT_LEFT_OUT: &str = "account-left-out";

/// The accounts `input` names, each with the place that first names it, in account order.
pub fn accounts_of(input: &LoadedInput) -> BTreeMap<Box<str>, Span> {
    let mut accounts = BTreeMap::new();
    let mut add = |arn: &str, span: Span| {
        if let Some(account) = account_of_arn(arn) {
            accounts.entry(account.into()).or_insert(span);
        }
    };
    for resource in &input.resources {
        let property = |key: &str| {
            resource
                .properties
                .get(key)
                .and_then(|value| value.as_str().map(|text| (text, value.span)))
        };
        match input.kind {
            InputKind::AccountSnapshot => match &*resource.resource_type {
                snapshot::CHANNEL => {
                    if let Some((arn, span)) = property("channelRoleArn") {
                        add(arn, span);
                    }
                }
                kind if snapshot::is_page(kind) => {}
                _ => add(&resource.address, resource.span),
            },
            InputKind::TerraformPlan | InputKind::TerraformState | InputKind::TerraformSource => {
                if resource.mode == Mode::Data && &*resource.resource_type == "aws_caller_identity"
                {
                    if let Some((account, span)) = property("account_id") {
                        add(&format!("arn:aws:iam::{account}:root"), span);
                    }
                } else if resource.mode == Mode::Managed
                    && resource.resource_type.starts_with("aws_iam_")
                    && resource.change.exists_after()
                    && let Some((arn, span)) = property("arn")
                {
                    add(arn, span);
                }
            }
            InputKind::CloudFormation => {}
        }
    }
    accounts
}

/// Applies the scan's account: with `chosen`, leaves out the inputs of other accounts;
/// without, reports inputs whose account differs from the first one named.
pub fn select(inputs: &mut Inputs, chosen: Option<&str>) {
    let named: Vec<BTreeMap<Box<str>, Span>> = inputs.loaded.iter().map(accounts_of).collect();
    match chosen {
        Some(chosen) => {
            let mut kept = Vec::with_capacity(inputs.loaded.len());
            for (input, accounts) in std::mem::take(&mut inputs.loaded).into_iter().zip(named) {
                match accounts.iter().next() {
                    Some((account, span)) if !accounts.contains_key(chosen) => {
                        inputs.problems.push(Problem::warning(
                            ACCOUNT_LEFT_OUT,
                            input.file,
                            *span,
                            format!(
                                "left out of the scan: this input is AWS account {account}, and `--account {chosen}` chose another"
                            ),
                        ));
                    }
                    _ => kept.push(input),
                }
            }
            inputs.loaded = kept;
        }
        None => {
            let mut first: Option<(&str, FileId, Span)> = None;
            for (input, accounts) in inputs.loaded.iter().zip(&named) {
                for (account, span) in accounts {
                    match first {
                        None => first = Some((account, input.file, *span)),
                        Some((seen, file, at)) if seen != &**account => {
                            inputs.problems.push(mixed(
                                &inputs.files,
                                (input.file, *span, account),
                                (file, at, seen),
                            ));
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
}

fn mixed(files: &[SourceFile], here: (FileId, Span, &str), first: (FileId, Span, &str)) -> Problem {
    let (file, span, account) = here;
    let (first_file, first_span, first_account) = first;
    let first_path = files
        .get(first_file.0 as usize)
        .map(SourceFile::display_path)
        .unwrap_or_default();
    let message = format!(
        "this input is AWS account {account}, but `{first_path}` is {first_account}: one scan judges one account. Scan each account on its own, or choose one with `--account {first_account}`"
    );
    Problem::error(ACCOUNTS_MIXED, file, span, message).with_related_in(
        first_file,
        first_span,
        format!("account {first_account} is named here"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arn_names_its_account_only_with_twelve_digits() {
        assert_eq!(
            account_of_arn("arn:aws:iam::111122223333:role/x"),
            Some("111122223333")
        );
        assert_eq!(
            account_of_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            None
        );
        assert_eq!(
            account_of_arn("arn:aws:iam::${AWS::AccountId}:role/x"),
            None
        );
        assert_eq!(account_of_arn("role/x"), None);
    }
}
