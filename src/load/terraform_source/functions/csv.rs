//! `csvdecode`: CSV text (RFC 4180, as Go's `encoding/csv` reads it) to a list of objects,
//! one per row after the header, every value a string. Modules use it to declare users
//! or roles from a file (`csvdecode(file("users.csv"))`).

use super::{Call, Outcome, Stop, check_items, deduplicated, list, string, text};
use crate::load::{Field, Value, ValueKind};

/// `csvdecode(string)`.
pub(super) fn csvdecode(call: Call<'_>) -> Outcome {
    let document = text(call.at(0))?;
    let mut records = records(&document)?.into_iter();
    let Some((_, header)) = records.next() else {
        return Err(Stop::Error("missing header line".into()));
    };
    for (position, name) in header.iter().enumerate() {
        if header[..position].contains(name) {
            return Err(Stop::Error(format!("duplicate column name {name:?}")));
        }
    }
    let mut rows = Vec::new();
    for (line, record) in records {
        if record.len() != header.len() {
            return Err(Stop::Error(format!(
                "CSV parse error on line {line}: wrong number of fields"
            )));
        }
        let mut fields = deduplicated(header.iter().zip(record).map(|(name, value)| Field {
            key: name.as_str().into(),
            key_span: call.span,
            value: string(call.span, value),
        }));
        fields.sort_by(|a, b| a.key.cmp(&b.key));
        rows.push(Value::new(call.span, ValueKind::Map(fields)));
        check_items(rows.len())?;
    }
    Ok(list(call.span, rows))
}

/// The records of `document` with the line each starts on; empty lines are skipped, as
/// Go's reader skips them.
fn records(document: &str) -> Result<Vec<(usize, Vec<String>)>, Stop> {
    let error = |line: usize, message: &str| {
        Stop::Error(format!("CSV parse error on line {line}: {message}"))
    };
    let mut records = Vec::new();
    let mut characters = document.chars().peekable();
    let mut line = 1;
    while characters.peek().is_some() {
        let start = line;
        if characters.peek() == Some(&'\n') {
            characters.next();
            line += 1;
            continue;
        }
        if characters.peek() == Some(&'\r') {
            let mut ahead = characters.clone();
            ahead.next();
            if ahead.peek() == Some(&'\n') {
                characters.next();
                characters.next();
                line += 1;
                continue;
            }
        }
        let mut record = Vec::new();
        loop {
            let mut field = String::new();
            let ended_line;
            if characters.peek() == Some(&'"') {
                characters.next();
                loop {
                    match characters.next() {
                        Some('"') if characters.peek() == Some(&'"') => {
                            characters.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some('\r') if characters.peek() == Some(&'\n') => {}
                        Some(character) => {
                            if character == '\n' {
                                line += 1;
                            }
                            field.push(character);
                        }
                        None => {
                            return Err(error(line, "extraneous or missing \" in quoted-field"));
                        }
                    }
                }
                match characters.next() {
                    Some(',') => ended_line = false,
                    Some('\n') | None => ended_line = true,
                    Some('\r') if characters.peek() == Some(&'\n') => {
                        characters.next();
                        ended_line = true;
                    }
                    Some(_) => return Err(error(line, "extraneous or missing \" in quoted-field")),
                }
            } else {
                loop {
                    match characters.next() {
                        Some(',') => {
                            ended_line = false;
                            break;
                        }
                        Some('\n') | None => {
                            ended_line = true;
                            break;
                        }
                        Some('\r') if characters.peek() == Some(&'\n') => {
                            characters.next();
                            ended_line = true;
                            break;
                        }
                        Some('"') => return Err(error(line, "bare \" in non-quoted-field")),
                        Some(character) => field.push(character),
                    }
                }
            }
            record.push(field);
            if ended_line {
                break;
            }
        }
        line += 1;
        records.push((start, record));
        check_items(records.len())?;
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;

    fn decoded(document: &str) -> crate::load::Value {
        run("csvdecode", vec![text_value(document)])
    }

    #[test]
    fn rows_become_objects() {
        assert_eq!(
            decoded("name,team\nalice,\"ops, \"\"core\"\"\"\r\n\nbob,\"multi\nline\"\n"),
            list(vec![
                map(vec![
                    ("name", text_value("alice")),
                    ("team", text_value("ops, \"core\""))
                ]),
                map(vec![
                    ("name", text_value("bob")),
                    ("team", text_value("multi\nline"))
                ]),
            ])
        );
        assert_eq!(
            decoded("b,a\n2,1"),
            list(vec![map(vec![
                ("a", text_value("1")),
                ("b", text_value("2"))
            ])])
        );
        assert_eq!(decoded("a,b\n"), list(vec![]));
    }

    #[test]
    fn malformed_csv_is_a_terraform_error() {
        assert!(error(&decoded("")).contains("missing header line"));
        assert!(error(&decoded("a,a\n1,2")).contains("duplicate column name \"a\""));
        assert!(error(&decoded("a,b\n1,2\n3")).contains("line 3: wrong number of fields"));
        assert!(error(&decoded("a\nx\"y")).contains("line 2: bare \""));
        assert!(error(&decoded("a\n\"open")).contains("extraneous or missing"));
        assert_eq!(reason(&run("csvdecode", vec![unknown("later")])), "later");
    }
}
