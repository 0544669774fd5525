//! Assertions used by the generated protocol tests (not a stable API).

use super::encode::{to_form, to_json, FormStyle};
use super::Operation;

/// Asserts a request's form encoding equals `expected`, order aside.
#[track_caller]
pub fn assert_form_encoding<O: Operation>(request: &O, expected: &[(&str, &str)]) {
    let style = FormStyle::of(O::METADATA.service.protocol);
    let mut actual = to_form(request, style).expect("request encodes");
    actual.sort();
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    expected.sort();
    if actual != expected {
        let missing: Vec<_> = expected.iter().filter(|p| !actual.contains(p)).collect();
        let extra: Vec<_> = actual.iter().filter(|p| !expected.contains(p)).collect();
        panic!("{} form encoding differs from the doc example\n  missing: {missing:?}\n  unexpected: {extra:?}", O::METADATA.action);
    }
}

/// Asserts the JSON body is an object whose form flattening equals the form encoding.
#[track_caller]
pub fn assert_json_round_trip<O: Operation>(request: &O) {
    let style = FormStyle::of(O::METADATA.service.protocol);
    let body = to_json(request).expect("request encodes as JSON");
    let value: serde_json::Value = serde_json::from_slice(&body).expect("JSON body parses");
    assert!(
        value.is_object(),
        "{} JSON body is not an object",
        O::METADATA.action
    );
    let mut from_json = Vec::new();
    super::encode::flatten_value(&value, &mut String::new(), style, &mut from_json);
    assert_eq!(
        from_json,
        to_form(request, style).expect("request encodes"),
        "{}: JSON and form encodings disagree",
        O::METADATA.action
    );
}

/// Decodes a doc output example through the service's envelope, panicking with the decode error.
#[track_caller]
pub fn decode_example<O: Operation>(json: &str) -> O::Output {
    match super::envelope::decode::<O>(200, json.as_bytes()) {
        Ok(output) => output,
        Err(err) => panic!(
            "{} output example does not decode: {err}",
            O::METADATA.action
        ),
    }
}
