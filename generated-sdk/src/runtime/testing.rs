//! Assertions used by the generated protocol tests, and the internal entry points the benchmarks
//! (`benches/`, an external crate) measure (not a stable API).

use super::credentials::Credentials;
use super::encode::{to_form, to_json, FormStyle};
use super::signing::{self, Endpoint, Payload, SignInput, SigningMethod};
use super::transport::HttpRequest;
use super::{Operation, SdkError, ServiceMetadata};

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

/// Decodes a response body through the action's envelope: the client's decode path.
#[doc(hidden)]
pub fn decode_response<O: Operation>(
    status: u16,
    body: &[u8],
) -> Result<O::Output, SdkError<O::Error>> {
    super::envelope::decode::<O>(status, body)
}

/// The JSON body the client sends for `request` (TC3).
#[doc(hidden)]
pub fn encode_json<O: Operation>(request: &O) -> Vec<u8> {
    to_json(request).expect("request encodes as JSON")
}

/// The form parameters the client sends for `request` (v1 signing, legacy API, QingCloud).
#[doc(hidden)]
pub fn encode_form<O: Operation>(request: &O) -> Vec<(String, String)> {
    to_form(request, FormStyle::of(O::METADATA.service.protocol)).expect("request encodes")
}

/// Encodes and signs requests as the client does for each attempt, without sending them: the body
/// (JSON for TC3, form parameters otherwise), the signature with a derived-key cache kept across
/// calls, the headers, the service's default endpoint.
#[doc(hidden)]
#[derive(Debug)]
pub struct Signer {
    credentials: Credentials,
    region: Option<String>,
    method: SigningMethod,
    key_cache: signing::tc3::KeyCache,
}

impl Signer {
    /// A TC3 signer without a region.
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            region: None,
            method: SigningMethod::Tc3,
            key_cache: signing::tc3::KeyCache::default(),
        }
    }

    /// The region sent with every request.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// TC3 (default) or v1.
    pub fn signing(mut self, method: SigningMethod) -> Self {
        self.method = method;
        self
    }

    /// The signed HTTP request for `request` at `timestamp` (Unix seconds).
    pub fn sign<O: Operation>(&self, request: &O, timestamp: i64) -> HttpRequest {
        let action = O::METADATA;
        let payload = if signing::wants_json(action, self.method) {
            Payload::Json(encode_json(request))
        } else {
            Payload::Form(encode_form(request))
        };
        let endpoint = Endpoint::of_service(action);
        signing::sign(
            &SignInput {
                action,
                region: self.region.as_deref(),
                credentials: (!action.unsigned).then_some(&self.credentials),
                endpoint: &endpoint,
                method: self.method,
                timestamp,
                nonce: fastrand::u64(1..u64::from(u32::MAX)),
                language: None,
                request_client: concat!("generated-sdk-rust/", env!("CARGO_PKG_VERSION")),
                key_cache: &self.key_cache,
            },
            payload,
        )
        .expect("the request signs")
    }
}

/// `service` under another signing name (the credential scope's service), for tests of the mock's
/// scope check ([`ServiceMetadata`] cannot be built outside the crate).
#[doc(hidden)]
pub fn with_signing_name(service: &ServiceMetadata, signing_name: &'static str) -> ServiceMetadata {
    ServiceMetadata {
        signing_name,
        ..*service
    }
}
